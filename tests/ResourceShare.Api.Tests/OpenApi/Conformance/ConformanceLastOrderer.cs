using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("ResourceShare.Api.Tests.OpenApi.Conformance.ConformanceLastOrderer", "ResourceShare.Api.Tests")]

namespace ResourceShare.Api.Tests.OpenApi.Conformance;

/// <summary>Runs the collections in the order they were found, the conformance check of the whole run last.</summary>
public sealed class ConformanceLastOrderer : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(collection => collection.DisplayName == ConformanceCollection.Name ? 1 : 0);
}
