namespace ResourceShare.Infrastructure.Database;

/// <summary>An already-applied migration file was changed; the database and the code no longer agree.</summary>
public sealed class MigrationChecksumException(string fileName, string appliedChecksum, string fileChecksum)
    : Exception(
        $"Migration {fileName} was changed after it was applied (applied checksum {appliedChecksum}, file now " +
        $"{fileChecksum}). Applied migrations must never be edited: restore the file and add a new migration instead.")
{
    public string FileName { get; } = fileName;
}
