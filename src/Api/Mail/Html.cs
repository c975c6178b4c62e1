using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace ResourceShare.Api.Mail;

/// <summary>HTML encoding for mails and pages: markup characters become entities, letters of every script stay readable.</summary>
internal static class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string text) => Encoder.Encode(text);
}
