using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RelayData.Entities;

namespace RelayData.Configurations;

internal sealed class StatsDirtyMarkEntityTypeConfiguration : IEntityTypeConfiguration<StatsDirtyMark>
{
    public void Configure(EntityTypeBuilder<StatsDirtyMark> b)
    {
        b.ToTable("stats_dirty");
        b.HasKey(m => new { m.Level, m.Bucket });
    }
}
