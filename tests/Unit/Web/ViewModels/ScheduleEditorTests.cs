using RelayWeb.ViewModels;

namespace RelayWeb.UnitTests.Web.ViewModels;

public sealed class ScheduleEditorTests
{
    [Fact]
    public void Error_FollowsTheTextAsItIsTyped()
    {
        // Arrange
        var editor = new ScheduleEditor("0 3 * * *");

        // Act + Assert
        Assert.True(editor.IsValid);
        editor.Text = "0 25 * * *";
        Assert.Contains("Hour", editor.Error);
        Assert.Empty(editor.Preview(DateTime.UtcNow));
        editor.Text = "15 4 * * *";
        Assert.Null(editor.Error);
        Assert.Equal(3, editor.Preview(new DateTime(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc)).Count);
    }

    [Fact]
    public void Reject_ShownUntilTheTextChanges()
    {
        // Arrange
        var editor = new ScheduleEditor("0 3 * * *");

        // Act
        editor.Reject("The server said no.");
        var rejected = editor.Error;
        editor.Text = "0 4 * * *";

        // Assert
        Assert.Equal("The server said no.", rejected);
        Assert.Null(editor.Error);
    }
}
