using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RelayData.Entities;

namespace RelayData.Configurations;

/// <summary>The shared mapping of the three roll-up tables: the key leads with the bucket, so a time range is one index range.</summary>
internal static class StatsRollupConfiguration
{
    public static void Configure<T>(EntityTypeBuilder<T> b, string table)
        where T : StatsRollup
    {
        b.ToTable(table);
        b.HasKey(r => new { r.Bucket, r.AgentId, r.RelayId, r.Network, r.Host, r.Destination, r.Source, r.Chain, r.Rule, r.Process });
        b.Property(r => r.AgentId).HasMaxLength(64);
        b.Property(r => r.RelayId).HasMaxLength(64);
        b.Property(r => r.Network).HasMaxLength(8);
        b.Property(r => r.Host).HasMaxLength(255);
        b.Property(r => r.Destination).HasMaxLength(512);
        b.Property(r => r.Source).HasMaxLength(64);
        b.Property(r => r.Chain).HasMaxLength(512);
        b.Property(r => r.Rule).HasMaxLength(64);
        b.Property(r => r.Process).HasMaxLength(255);
    }
}
