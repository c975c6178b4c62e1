using System.Globalization;
using Bunit;

namespace ResourceShare.Web.Tests.Components;

/// <summary>A bUnit context rendering in German, the web client's first language.</summary>
public abstract class ComponentTest : IDisposable
{
    private readonly CultureInfo culture = CultureInfo.CurrentUICulture;

    protected ComponentTest() => CultureInfo.CurrentUICulture = new CultureInfo("de");

    protected BunitContext Context { get; } = new();

    public void Dispose()
    {
        CultureInfo.CurrentUICulture = culture;
        Context.Dispose();
        GC.SuppressFinalize(this);
    }
}
