using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;
using ResourceShare.Api.Http;

namespace ResourceShare.Api.Mail;

/// <summary>HTML encoding for mails and pages: markup characters become entities, letters of every script stay readable.</summary>
internal static class Html
{
    public const string ContentType = "text/html";

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string text) => Encoder.Encode(text);

    /// <summary>
    /// A small page behind a link in a mail, in the caller's language. Such links carry a token, a credential: the page
    /// does not belong in a shared cache.
    /// </summary>
    public static ContentHttpResult Page(HttpContext http, string title, string body)
    {
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Content($"""
            <!DOCTYPE html>
            <html lang="{(UserText.IsGerman ? "de" : "en")}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{Encode(title)}</title></head>
            <body>
            <h1>{Encode(title)}</h1>
            {body}
            </body>
            </html>
            """, ContentType + "; charset=utf-8");
    }
}
