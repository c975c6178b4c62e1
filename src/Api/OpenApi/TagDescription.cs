namespace ResourceShare.Api.OpenApi;

/// <summary>
/// The description of an OpenAPI tag, carried as endpoint metadata so that it is written next to the feature's
/// routes (see <see cref="TagDescriptionExtensions.WithTag{TBuilder}"/>); the document's tags pick it up.
/// </summary>
public sealed record TagDescription(string Name, string Description);

public static class TagDescriptionExtensions
{
    /// <summary>Like WithTags(name), and gives the tag its description in the OpenAPI document (Markdown allowed).</summary>
    public static TBuilder WithTag<TBuilder>(this TBuilder builder, string name, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithTags(name).WithMetadata(new TagDescription(name, description));
}
