using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RelayData.Entities;

namespace RelayData.Configurations;

internal sealed class StatsClockEntityTypeConfiguration : IEntityTypeConfiguration<StatsClock>
{
    public void Configure(EntityTypeBuilder<StatsClock> b)
    {
        b.ToTable("stats_clock");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
    }
}
