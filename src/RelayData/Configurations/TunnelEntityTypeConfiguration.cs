using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RelayData.Entities;

namespace RelayData.Configurations;

internal sealed class TunnelEntityTypeConfiguration : IEntityTypeConfiguration<Tunnel>
{
    public void Configure(EntityTypeBuilder<Tunnel> b)
    {
        b.ToTable("tunnels");
        b.HasKey(t => t.Key);
        b.HasIndex(t => t.TunnelId).IsUnique();
        b.HasIndex(t => t.Name).IsUnique();
        b.Property(t => t.TunnelId).IsRequired().HasMaxLength(56);   // see RelayEntityTypeConfiguration: the "<Type>Id" convention
        b.Property(t => t.Name).HasMaxLength(100).UseCollation("NOCASE");
        b.Property(t => t.Secret).HasMaxLength(256);
        b.Property(t => t.Flow).HasMaxLength(8);
        b.Property(t => t.CertificatePath).HasMaxLength(1024);
        b.Property(t => t.PrivateKeyPath).HasMaxLength(1024);
        b.Property(t => t.Strategy).HasMaxLength(16);
        b.Property(t => t.ServerAddress).HasMaxLength(128);
        b.Property(t => t.ServerAgentId).HasMaxLength(64);
        b.Property(t => t.ClientAddress).HasMaxLength(128);
        b.Property(t => t.ClientAgentId).HasMaxLength(64);
        b.Property(t => t.ServerTargets).HasConversion(Serialize, Deserialize, s_comparer);
        b.Property(t => t.ClientTargets).HasConversion(Serialize, Deserialize, s_comparer);
    }

    private static readonly ValueComparer<List<string>> s_comparer =
        new((a, c) => a!.SequenceEqual(c!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode())), v => v.ToList());

    private static readonly System.Linq.Expressions.Expression<Func<List<string>, string>> Serialize =
        v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null);

    private static readonly System.Linq.Expressions.Expression<Func<string, List<string>>> Deserialize =
        v => JsonSerializer.Deserialize<List<string>>(v, (JsonSerializerOptions?)null) ?? new List<string>();
}
