using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RelayData.Entities;

namespace RelayData.Configurations;

internal sealed class AgentEntityTypeConfiguration : IEntityTypeConfiguration<Agent>
{
    public void Configure(EntityTypeBuilder<Agent> b)
    {
        b.ToTable("agents");
        b.HasKey(a => a.AgentId);
        b.Property(a => a.AgentId).HasMaxLength(64);
        b.Property(a => a.Region).HasMaxLength(64);
        b.Property(a => a.Version).HasMaxLength(32);
        b.Property(a => a.LastError).HasMaxLength(1024);
        b.Property(a => a.AssignmentRevision).HasMaxLength(64);
        b.Property(a => a.TokenId).HasMaxLength(32);
    }
}
