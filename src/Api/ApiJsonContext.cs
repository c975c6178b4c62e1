using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using ResourceShare.Api.Health;
using ResourceShare.Api.Places;

namespace ResourceShare.Api;

/// <summary>Source-generated JSON metadata for the wire contracts: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(PlaceListResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
