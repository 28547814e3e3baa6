using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RelayData.Entities;

namespace RelayData.Configurations;

internal sealed class NodePassInstanceEntityTypeConfiguration : IEntityTypeConfiguration<NodePassInstance>
{
    public void Configure(EntityTypeBuilder<NodePassInstance> b)
    {
        b.ToTable("nodepass_instances");
        b.HasKey(i => i.Key);
        b.HasIndex(i => i.RelayId).IsUnique();
        b.Property(i => i.RelayId).IsRequired().HasMaxLength(64).UseCollation("NOCASE"); // relay ids match case-insensitively
        b.Property(i => i.UdpRelayId).HasMaxLength(64);
    }
}
