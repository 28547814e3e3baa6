using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RelayData.Entities;

namespace RelayData.Configurations;

internal sealed class RelayEntityTypeConfiguration : IEntityTypeConfiguration<Relay>
{
    public void Configure(EntityTypeBuilder<Relay> b)
    {
        b.ToTable("relays");
        b.HasKey(r => r.Key);
        b.HasIndex(r => r.RelayId).IsUnique();
        b.HasIndex(r => r.Name).IsUnique();
        // IsRequired: "RelayId" matches EF's "<Type>Id" key convention; once HasKey(Key) replaces that key, EF leaves the
        // property nullable despite the non-nullable type. MigrationsMatchModelTests caught it.
        b.Property(r => r.RelayId).IsRequired().HasMaxLength(64);
        b.Property(r => r.Name).HasMaxLength(100).UseCollation("NOCASE");
        b.Property(r => r.Protocol).HasMaxLength(8);
        b.Property(r => r.Listen).HasMaxLength(128);
        b.Property(r => r.Strategy).HasMaxLength(16);
        b.Property(r => r.AgentId).HasMaxLength(64);
        b.HasIndex(r => r.AgentId);
        b.Property(r => r.Targets)
            .HasConversion(
                v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
                v => JsonSerializer.Deserialize<List<string>>(v, (JsonSerializerOptions?)null) ?? new List<string>(),
                new ValueComparer<List<string>>((a, c) => a!.SequenceEqual(c!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode())), v => v.ToList()));
    }
}
