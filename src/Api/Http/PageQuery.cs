using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace ResourceShare.Api.Http;

/// <summary>The paging parameters of a cursor-paged collection: how many items (1–100, default 20) and where to go on.</summary>
public sealed record PageQuery(
    [property: FromQuery(Name = "limit")] int? Limit,
    [property: FromQuery(Name = "cursor")] string? Cursor)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
}

public sealed class PageQueryValidator : AbstractValidator<PageQuery>
{
    public PageQueryValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, PageQuery.MaxLimit);
        RuleFor(x => x.Cursor).MaximumLength(500);
    }
}
