using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RelayWeb.IntegrationTests.Playwright;

/// <summary>Opening a Radzen dialog and waiting until it is ready for typing.</summary>
public static class DialogLocator
{
    /// <summary>
    /// Clicks <paramref name="trigger"/> and returns the dialog once Radzen has focused its first field. Radzen moves the
    /// focus there from script after the dialog rendered, over the circuit: on a busy machine that came after the test
    /// had begun filling the form, and the text of a later field landed in the first one.
    /// </summary>
    public static async Task<ILocator> OpenDialogAsync(this IPage page, ILocator trigger)
    {
        await trigger.ClickAsync();
        var dialog = page.Locator(".rz-dialog");
        await Expect(dialog.Locator(":focus")).ToHaveCountAsync(1);
        return dialog;
    }
}
