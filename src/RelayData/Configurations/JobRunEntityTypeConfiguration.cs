using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RelayData.Entities;

namespace RelayData.Configurations;

internal sealed class JobRunEntityTypeConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> b)
    {
        b.ToTable("job_runs");
        b.HasKey(r => r.Id);
        b.Property(r => r.Job).HasMaxLength(64);
        b.Property(r => r.Outcome).HasMaxLength(16);
        b.Property(r => r.Trigger).HasMaxLength(16);
        b.Property(r => r.Message).HasMaxLength(2000);
        b.Property(r => r.Actor).HasMaxLength(100);
        b.HasIndex(r => new { r.Job, r.StartedUtc });
        b.HasIndex(r => r.StartedUtc);
    }
}
