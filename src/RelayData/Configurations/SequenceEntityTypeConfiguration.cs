using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RelayData.Entities;

namespace RelayData.Configurations;

internal sealed class SequenceEntityTypeConfiguration : IEntityTypeConfiguration<Sequence>
{
    public void Configure(EntityTypeBuilder<Sequence> b)
    {
        b.ToTable("sequences");
        b.HasKey(s => s.Name);
        b.Property(s => s.Name).HasMaxLength(64);
    }
}
