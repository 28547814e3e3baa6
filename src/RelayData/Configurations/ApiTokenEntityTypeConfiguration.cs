using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RelayData.Entities;

namespace RelayData.Configurations;

internal sealed class ApiTokenEntityTypeConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("api_tokens");
        b.HasKey(t => t.Key);
        b.HasIndex(t => t.TokenId).IsUnique();
        b.HasIndex(t => t.Hash).IsUnique();
        b.Property(t => t.TokenId).HasMaxLength(32);
        b.Property(t => t.Name).HasMaxLength(100);
        b.Property(t => t.Prefix).HasMaxLength(16);
        b.Property(t => t.Hash).HasMaxLength(64);
        b.Property(t => t.Scope).HasMaxLength(16);
        b.Property(t => t.CreatedBy).HasMaxLength(100);
        b.Property(t => t.AgentId).HasMaxLength(64);
    }
}
