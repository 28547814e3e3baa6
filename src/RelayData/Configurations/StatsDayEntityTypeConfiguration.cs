using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RelayData.Entities;

namespace RelayData.Configurations;

internal sealed class StatsDayEntityTypeConfiguration : IEntityTypeConfiguration<StatsDay>
{
    public void Configure(EntityTypeBuilder<StatsDay> b) => StatsRollupConfiguration.Configure(b, "stats_day");
}
