using Microsoft.AspNetCore.Http.Features;

namespace ResourceShare.Api.Http;

/// <summary>
/// One body size limit for the API: requests that declare a larger body are refused before routing, and bodies
/// sent without a length (chunked) are cut off at the limit while they are read, by the server where it offers
/// a per-request limit and by a counting stream where it does not (the in-memory test server). Kestrel counts
/// the chunk framing as well, so a chunked body is refused a little before 1 MiB of content.
/// </summary>
public static class RequestBodyLimit
{
    public const long MaxBytes = 1024 * 1024;

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > MaxBytes)
            {
                throw TooLarge();
            }

            var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (feature is { IsReadOnly: false })
            {
                feature.MaxRequestBodySize = MaxBytes;
            }
            else
            {
                context.Request.Body = new LimitedReadStream(context.Request.Body);
            }

            await next(context);
        });

    private static BadHttpRequestException TooLarge() =>
        new("Request body too large.", StatusCodes.Status413PayloadTooLarge);

    /// <summary>Reads the inner stream and fails, as Kestrel does, once more than <see cref="MaxBytes"/> came through.</summary>
    private sealed class LimitedReadStream(Stream inner) : Stream
    {
        private long read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int bytes)
        {
            read += bytes;
            return read > MaxBytes ? throw TooLarge() : bytes;
        }
    }
}
