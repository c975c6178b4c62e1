using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using ResourceShare.Domain.Places;

namespace ResourceShare.Api.Places;

public sealed record PlaceSearchQuery(
    [property: FromQuery(Name = "q")] string? Q,
    [property: FromQuery(Name = "limit")] int? Limit)
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 50;
}

public sealed class PlaceSearchQueryValidator : AbstractValidator<PlaceSearchQuery>
{
    public PlaceSearchQueryValidator()
    {
        RuleFor(x => x.Q).NotEmpty().MaximumLength(PlaceNames.MaxQueryLength);
        RuleFor(x => x.Limit).InclusiveBetween(1, PlaceSearchQuery.MaxLimit);
    }
}
