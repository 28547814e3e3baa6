using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RelayData.Entities;

namespace RelayData.Configurations;

internal sealed class TrafficIntervalEntityTypeConfiguration : IEntityTypeConfiguration<TrafficInterval>
{
    public void Configure(EntityTypeBuilder<TrafficInterval> b)
    {
        b.ToTable("traffic_intervals");
        b.HasKey(i => new { i.Minute, i.AgentId, i.ConnectionId });
        b.Property(i => i.AgentId).HasMaxLength(64);
    }
}
