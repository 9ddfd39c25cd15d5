namespace Ocpi.Protocol.Transport;

/// <summary>OCPI status codes (status_codes.asciidoc).</summary>
public static class OcpiStatusCode
{
    public const int Success = 1000;
    public const int ClientError = 2000;
    public const int InvalidOrMissingParameters = 2001;
    public const int NotEnoughInformation = 2002;
    public const int UnknownLocation = 2003;
    public const int UnknownToken = 2004;
    public const int ServerError = 3000;
    public const int UnableToUseClientApi = 3001;
    public const int UnsupportedVersion = 3002;
    public const int NoMatchingEndpoints = 3003;
    public const int HubError = 4000;
    public const int UnknownReceiver = 4001;
    public const int ForwardTimeout = 4002;
    public const int ConnectionProblem = 4003;

    public static bool IsSuccess(int code) => code is >= 1000 and < 2000;
}
