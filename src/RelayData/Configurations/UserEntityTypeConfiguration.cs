using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RelayData.Entities;

namespace RelayData.Configurations;

internal sealed class UserEntityTypeConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("users");
        b.HasKey(u => u.Key);
        b.Property(u => u.UserName).HasMaxLength(64).UseCollation("NOCASE");
        b.HasIndex(u => u.UserName).IsUnique();
        b.Property(u => u.Role).HasMaxLength(16);
    }
}
