namespace ResourceShare.Web.Tests.Browser;

/// <summary>What the journeys read on the screen, in German and in English.</summary>
public sealed record Words(
    string Register, string YourName, string Email, string Password, string AcceptTerms, string CreateAccount,
    string AddAssociation, string AssociationName, string RegisterCourt, string RegisterNumber, string PostalCode, string City,
    string AddAssociationButton, string FirstListing, string LookForSomething, string Interpreting, string Continue,
    string Title, string LanguagePair1, string Language, string And, string Tigrinya, string German, string Consecutive,
    string Date1, string Date, string From, string To, string Budget, string SaveAndPublish, string AwaitingReview)
{
    public static readonly Words De = new(
        "Registrieren", "Ihr Name", "E-Mail-Adresse", "Passwort", "Ich akzeptiere die Nutzungsbedingungen und Datenschutzhinweise.", "Konto anlegen",
        "Verein eintragen", "Name des Vereins", "Registergericht", "Registernummer", "Postleitzahl", "Ort",
        "Verein eintragen", "Erste Anzeige aufgeben", "Etwas suchen (Gesuch)", "Dolmetschen und Übersetzen", "Weiter",
        "Titel", "Sprachpaar 1", "Sprache", "und", "Tigrinya", "Deutsch", "Konsekutivdolmetschen",
        "Termin 1", "Datum", "von", "bis", "Höchstens so viel können wir zahlen (€)", "Speichern und veröffentlichen", "wird geprüft");

    public static readonly Words En = new(
        "Register", "Your name", "Email address", "Password", "I accept the terms of use and privacy notice.", "Create account",
        "Add an association", "Name of the association", "Register court", "Register number", "Postal code", "City",
        "Add association", "Post the first listing", "Look for something (request)", "Interpreting and translation", "Continue",
        "Title", "Language pair 1", "Language", "and", "Tigrinya", "German", "consecutive interpreting",
        "Date 1", "Date", "from", "to", "The most we can pay (€)", "Save and publish", "awaiting review");
}
