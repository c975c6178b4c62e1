using ResourceShare.Web;
using ResourceShare.Web.Components;
using ResourceShare.Web.Http;

// The content root is where the web host's files are, not the directory it was started from (scripts/run starts it
// from the repository root): appsettings.json and the static assets' manifest are found wherever it starts.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
// Like the API, the web host does not name its server software.
builder.WebHost.ConfigureKestrel(options => options.AddServerHeader = false);

builder.Services.AddResourceShareWeb(builder.Configuration);

var app = builder.Build();

app.UseForwardedHeaders();
// Only answers without a body get the not-found page: the API's answers always carry their own problem.
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
// The API's own paths go to the API untouched: its headers, its status codes, its problem details.
app.UseWhen(context => !ApiPaths.IsApi(context.Request.Path), web =>
{
    web.UseResponseCompression();
    web.UseRequestLocalization();
    web.UseWebSecurityHeaders();
    web.UseAuthentication();
    web.UseAuthorization();
    web.UseAntiforgery();
});

app.MapReverseProxy();
app.MapStaticAssets();
app.MapCultureSwitch();
app.MapDownloads();
app.MapRazorComponents<App>();

await app.RunAsync();
