using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RelayData.Entities;

namespace RelayData.Configurations;

internal sealed class StatsTopEntityTypeConfiguration : IEntityTypeConfiguration<StatsTop>
{
    public void Configure(EntityTypeBuilder<StatsTop> b)
    {
        b.ToTable("stats_top");
        b.HasKey(t => new { t.Dimension, t.Level, t.Bucket, t.Key });
        b.Property(t => t.Key).HasMaxLength(512);
        b.HasIndex(t => t.Bucket);
    }
}
