using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RelayData.Entities;

namespace RelayData.Configurations;

internal sealed class ConnectionEntityTypeConfiguration : IEntityTypeConfiguration<Connection>
{
    public void Configure(EntityTypeBuilder<Connection> b)
    {
        b.ToTable("connections");
        b.HasKey(c => new { c.Id, c.AgentId });
        b.Property(c => c.AgentId).HasMaxLength(64);
        b.Property(c => c.RelayId).HasMaxLength(64);
        b.Property(c => c.Network).HasMaxLength(8);
        b.Property(c => c.Source).HasMaxLength(64);
        b.Property(c => c.Listen).HasMaxLength(128);
        b.Property(c => c.Target).HasMaxLength(512);
        b.Property(c => c.CloseReason).HasMaxLength(32);
        b.Property(c => c.InboundType).HasMaxLength(32);
        b.Property(c => c.Host).HasMaxLength(255);
        b.Property(c => c.SniffHost).HasMaxLength(255);
        b.Property(c => c.Process).HasMaxLength(255);
        b.Property(c => c.ProcessPath).HasMaxLength(1024);
        b.Property(c => c.InboundName).HasMaxLength(128);
        b.Property(c => c.InboundUser).HasMaxLength(128);
        b.Property(c => c.DestinationIp).HasMaxLength(64);
        b.Property(c => c.Rule).HasMaxLength(64);
        b.Property(c => c.RulePayload).HasMaxLength(512);
        b.HasIndex(c => c.StartUtc);
        b.HasIndex(c => new { c.RelayId, c.StartUtc });
        b.HasIndex(c => new { c.IsOpen, c.AgentId });
        // Existing rows get 0 when the column is added; the AgentSync migration then numbers them.
        b.Property(c => c.SyncSeq).HasDefaultValue(0L);
        b.HasIndex(c => c.SyncSeq);
    }
}
