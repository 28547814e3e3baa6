using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RelayData.Entities;

namespace RelayData.Configurations;

internal sealed class StatsMinuteEntityTypeConfiguration : IEntityTypeConfiguration<StatsMinute>
{
    public void Configure(EntityTypeBuilder<StatsMinute> b) => StatsRollupConfiguration.Configure(b, "stats_minute");
}
