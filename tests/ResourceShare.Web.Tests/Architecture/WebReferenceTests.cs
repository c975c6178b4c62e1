using System.Reflection;
using ResourceShare.Web.Api;

namespace ResourceShare.Web.Tests.Architecture;

/// <summary>The web client is an integrator of the API: it reaches the product only over HTTP.</summary>
public sealed class WebReferenceTests
{
    private static readonly Assembly Web = typeof(FormErrors).Assembly;

    [Fact]
    public void The_assembly_under_test_is_the_web_client()
    {
        Assert.Equal("ResourceShare.Web", Web.GetName().Name);
    }

    [Theory]
    [InlineData("ResourceShare.Domain")]
    [InlineData("ResourceShare.Infrastructure")]
    [InlineData("ResourceShare.Api")]
    public void Web_does_not_reference(string assembly)
    {
        Assert.DoesNotContain(assembly, Web.GetReferencedAssemblies().Select(reference => reference.Name));
    }

    [Fact]
    public void Web_project_file_references_no_other_project()
    {
        var project = File.ReadAllText(Path.Combine(Fixtures.Repository.Root, "src", "Web", "ResourceShare.Web.csproj"));

        Assert.DoesNotContain("ProjectReference", project);
    }
}
