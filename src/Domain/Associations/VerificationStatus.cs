namespace ResourceShare.Domain.Associations;

public enum VerificationStatus
{
    Unverified,
    Verified,
    Suspended,
}
