using System.Reflection;
using FluentValidation;

namespace ResourceShare.Api.Http;

/// <summary>
/// Checks every handler parameter that comes from the request for text PostgreSQL cannot store and null items
/// (<see cref="InputIntegrity"/>), then runs the FluentValidation validator of every parameter that has one, before
/// the handler, and answers 400 with an errors map keyed by camelCase field path. Which parameters to check and
/// validate is decided once per endpoint at startup.
/// </summary>
public static class ValidationFilter
{
    public static TBuilder WithValidation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilterFactory(Create);
        builder.WithMetadata(Applied.Instance);
        return builder;
    }

    /// <summary>Endpoint metadata: this endpoint runs its validators (the OpenAPI document states only limits that hold).</summary>
    public sealed class Applied
    {
        public static readonly Applied Instance = new();

        private Applied()
        {
        }
    }

    private static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var parameters = context.MethodInfo.GetParameters();
        var integrity = parameters
            .Select((parameter, index) => (index, check: InputIntegrity.CheckerFor(parameter, context.ApplicationServices)))
            .Where(p => p.check is not null)
            .Select(p => (p.index, check: p.check!))
            .ToArray();
        var validated = parameters
            .Select((parameter, index) => (index, validator: ValidatorFor(context.ApplicationServices, parameter)))
            .Where(p => p.validator is not null)
            .Select(p => (p.index, validator: p.validator!))
            .ToArray();

        if (integrity.Length == 0 && validated.Length == 0)
        {
            return next;
        }

        return async invocation =>
        {
            // Text that cannot be stored and null items are refused before the validators run: their rules assume
            // items that exist, and nothing the validators say about such a request would help the client more.
            var findings = new Dictionary<string, UserText>();
            foreach (var (index, check) in integrity)
            {
                if (invocation.Arguments[index] is { } argument)
                {
                    check(argument, findings);
                }
            }

            if (findings.Count > 0)
            {
                return Problems.Validation(findings.ToDictionary(f => f.Key, f => new[] { f.Value.ToString() }));
            }

            var errors = new Dictionary<string, string[]>();
            foreach (var (index, validator) in validated)
            {
                var argument = invocation.Arguments[index];
                if (argument is null)
                {
                    continue;
                }

                var result = await validator.ValidateAsync(new ValidationContext<object>(argument), invocation.HttpContext.RequestAborted);
                foreach (var group in result.Errors.GroupBy(e => FieldName(e.PropertyName)))
                {
                    errors[group.Key] = group.Select(e => e.ErrorMessage).Distinct().ToArray();
                }
            }

            return errors.Count == 0 ? await next(invocation) : Problems.Validation(errors);
        };
    }

    private static IValidator? ValidatorFor(IServiceProvider services, ParameterInfo parameter) =>
        services.GetService(typeof(IValidator<>).MakeGenericType(parameter.ParameterType)) as IValidator;

    /// <summary>"Place.PostalCode" → "place.postalCode", "Windows[0].Start" → "windows[0].start".</summary>
    public static string FieldName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}
