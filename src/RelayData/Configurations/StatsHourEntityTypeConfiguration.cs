using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RelayData.Entities;

namespace RelayData.Configurations;

internal sealed class StatsHourEntityTypeConfiguration : IEntityTypeConfiguration<StatsHour>
{
    public void Configure(EntityTypeBuilder<StatsHour> b) => StatsRollupConfiguration.Configure(b, "stats_hour");
}
