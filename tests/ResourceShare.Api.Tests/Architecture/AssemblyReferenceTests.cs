using System.Reflection;
using ResourceShare.Api.Http;
using ResourceShare.Domain.Places;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Api.Tests.Architecture;

public sealed class AssemblyReferenceTests
{
    private static readonly Assembly Domain = typeof(PlaceNames).Assembly;
    private static readonly Assembly Infrastructure = typeof(Migrator).Assembly;
    private static readonly Assembly Api = typeof(ProblemType).Assembly;

    /// <summary>The folder of the base framework (Microsoft.NETCore.App): System.*, netstandard and the like.</summary>
    private static readonly string FrameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

    [Fact]
    public void The_three_product_assemblies_are_the_ones_under_test()
    {
        Assert.Equal(
            ["ResourceShare.Api", "ResourceShare.Domain", "ResourceShare.Infrastructure"],
            new[] { Domain, Infrastructure, Api }.Select(NameOf).Order());
    }

    [Fact]
    public void Domain_references_nothing_but_the_base_framework()
    {
        var foreign = ReferencesOf(Domain).Where(name => !File.Exists(Path.Combine(FrameworkDirectory, name + ".dll")));

        Assert.Empty(foreign);
    }

    [Fact]
    public void Infrastructure_does_not_reference_the_Api()
    {
        Assert.DoesNotContain(NameOf(Api), ReferencesOf(Infrastructure));
    }

    [Fact]
    public void Infrastructure_references_no_ASP_NET_Core()
    {
        var web = ReferencesOf(Infrastructure).Where(name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));

        Assert.Empty(web);
    }

    private static string NameOf(Assembly assembly) => assembly.GetName().Name!;

    private static IEnumerable<string> ReferencesOf(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(reference => reference.Name!);
}
