using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace IngestPlatform.Watcher.Inbox;

/// <summary>
/// What the kernel said when the watcher opened an inbox entry: facts only; <see cref="InboxAdmission.Judge"/> decides
/// what becomes of the entry.
/// </summary>
public abstract record OpenedEntry
{
    private OpenedEntry()
    {
    }

    /// <summary>A regular file, open for reading; size and times are those of this very file (fstat on the descriptor).</summary>
    public sealed record File(SafeFileHandle Handle, long Size, DateTime LastWriteUtc, DateTime CreatedUtc) : OpenedEntry, IDisposable
    {
        public void Dispose() => Handle.Dispose();
    }

    /// <summary>Something other than a regular file (its type from fstat on the descriptor, or lstat when open(2) could not give one).</summary>
    public sealed record NotRegular(EntryKind Kind) : OpenedEntry;

    /// <summary>open(2) or flock(2) failed; <paramref name="LinkTarget"/> when the entry is itself a symbolic link whose target is missing.</summary>
    public sealed record Unopened(OpenError Error, int Errno, string? LinkTarget = null) : OpenedEntry;

    /// <summary>A regular file whose writer holds a lock on it.</summary>
    public sealed record HeldByWriter : OpenedEntry;
}

/// <summary>The type of an entry that is not a regular file.</summary>
public enum EntryKind
{
    Other,
    Directory,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
    SymbolicLink,
}

/// <summary>Why open(2) gave no descriptor, in the terms the admission rules need.</summary>
public enum OpenError
{
    /// <summary>Any other errno: worth another try later.</summary>
    Other,

    /// <summary>ENOENT: gone, or a link whose target is missing.</summary>
    NotFound,

    /// <summary>ELOOP: a symbolic link that was not followed (O_NOFOLLOW, a loop, or a /proc magic link).</summary>
    LinkNotFollowed,

    /// <summary>EXDEV: a symbolic link resolving outside the inbox (RESOLVE_BENEATH).</summary>
    OutsideInbox,

    /// <summary>EACCES or EPERM.</summary>
    PermissionDenied,
}

/// <summary>
/// Opens an inbox entry the one safe way: without following a symbolic link (<c>O_NOFOLLOW</c>), or, when links
/// inside the inbox are allowed, with <c>openat2</c> resolving beneath the inbox only (<c>RESOLVE_BENEATH</c>,
/// <c>RESOLVE_NO_MAGICLINKS</c>); never blocking on a FIFO or device (<c>O_NONBLOCK</c>); then asks the kernel
/// what was opened (<c>statx</c> on the descriptor). Whoever may drop files into the inbox cannot make the watcher
/// read anything else: the type is checked on the open descriptor, not by a path check before the open, so a link
/// swapped in between cannot escape, and size, times and content all come from that same descriptor.
/// </summary>
public static partial class InboxFileOpener
{
    // Linux open(2) flags. O_NOFOLLOW is the only one that differs between x86-64 and arm64.
    private const int ORdOnly = 0;
    private const int ONonBlock = 0x800;
    private const int OCloExec = 0x80000;
    private static readonly bool IsArm = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;
    private static readonly int ONoFollow = IsArm ? 0x8000 : 0x20000;
    private static readonly int ODirectory = IsArm ? 0x4000 : 0x10000;

    private const int ENoEnt = 2;
    private const int EAcces = 13;
    private const int EAgain = 11;
    private const int EXDev = 18;
    private const int ELoop = 40;
    private const int ENoSys = 38;
    private const int EPerm = 1;
    private const int ENxIo = 6;
    private const int ENoDev = 19;
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;

    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const uint StatxBirthTime = 0x800;
    private const int SIfMt = 0xF000;
    private const int SIfReg = 0x8000;
    private const int SIfDir = 0x4000;
    private const int SIfLnk = 0xA000;
    private const int SIfIfo = 0x1000;
    private const int SIfSock = 0xC000;
    private const int SIfChr = 0x2000;
    private const int SIfBlk = 0x6000;

    private const int LockEx = 2;
    private const int LockNb = 4;

    private const long SysOpenat2 = 437; // the same on every Linux architecture (added in 5.6)
    private const ulong ResolveNoMagicLinks = 0x02;
    private const ulong ResolveBeneath = 0x08;

    /// <summary>
    /// Opens <paramref name="relativePath"/> (with '/' separators) under <paramref name="inbox"/>.
    /// <paramref name="followLinksInsideInbox"/>: a link whose target resolves inside the inbox is followed; one
    /// leading out (or through <c>/proc</c> magic links) is refused. Otherwise every symbolic link is refused.
    /// </summary>
    public static OpenedEntry Open(string inbox, string relativePath, bool followLinksInsideInbox)
    {
        var (fd, error) = followLinksInsideInbox ? OpenBeneath(inbox, relativePath) : OpenNoFollow(Path.Combine(inbox, relativePath));
        if (fd < 0)
        {
            return Failure(error, Path.Combine(inbox, relativePath));
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var status = Stat(handle);
            var type = status.Mode & SIfMt;
            if (type != SIfReg)
            {
                handle.Dispose();
                return new OpenedEntry.NotRegular(Kind(type));
            }

            // Exclusive advisory lock, as FileShare.None would take: a writer that holds one keeps the file pending.
            if (Flock(handle, LockEx | LockNb) != 0)
            {
                var lockError = Marshal.GetLastPInvokeError();
                handle.Dispose();
                return lockError == EAgain ? new OpenedEntry.HeldByWriter() : new OpenedEntry.Unopened(OpenError.Other, lockError);
            }

            return new OpenedEntry.File(handle, status.Size, status.MTime, status.Created);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads the whole of an opened file from its own descriptor; never more than its fstat size.</summary>
    public static async Task<byte[]> ReadAllAsync(OpenedEntry.File file, CancellationToken cancellationToken)
    {
        var content = new byte[file.Size];
        var offset = 0;
        while (offset < content.Length)
        {
            var read = await RandomAccess.ReadAsync(file.Handle, content.AsMemory(offset), offset, cancellationToken);
            if (read == 0)
            {
                // Truncated since the fstat: the writer is not done after all.
                throw new IOException($"The file shrank while being read ({offset} of {content.Length} bytes).");
            }

            offset += read;
        }

        return content;
    }

    /// <summary>
    /// A stream over an opened file's own descriptor, for copying a large file without holding it in memory. It owns
    /// the descriptor from here on (disposing either is safe).
    /// </summary>
    public static Stream OpenStream(OpenedEntry.File file) => new FileStream(file.Handle, FileAccess.Read, bufferSize: 0);

    /// <summary>The descriptor, or -1 and errno (read at once: any later P/Invoke overwrites it).</summary>
    private static (int Fd, int Errno) OpenNoFollow(string path)
    {
        var fd = SysOpen(path, ORdOnly | ONoFollow | ONonBlock | OCloExec);
        return (fd, fd < 0 ? Marshal.GetLastPInvokeError() : 0);
    }

    private static (int Fd, int Errno) OpenBeneath(string inbox, string relativePath)
    {
        var directory = SysOpen(inbox, ORdOnly | ODirectory | OCloExec);
        if (directory < 0)
        {
            return (-1, Marshal.GetLastPInvokeError());
        }

        try
        {
            var how = new OpenHow { Flags = (ulong)(ORdOnly | ONonBlock | OCloExec), Mode = 0, Resolve = ResolveBeneath | ResolveNoMagicLinks };
            var fd = (int)SysCallOpenat2(SysOpenat2, directory, relativePath, ref how, (nuint)Marshal.SizeOf<OpenHow>());
            var errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (errno == ENoSys)
            {
                // A kernel older than 5.6: without RESOLVE_BENEATH no link can be followed safely.
                return OpenNoFollow(Path.Combine(inbox, relativePath));
            }

            return (fd, errno);
        }
        finally
        {
            Close(directory);
        }
    }

    private static OpenedEntry Failure(int errno, string path) => errno switch
    {
        // open(2) of a unix socket (or of a device without a driver) fails with ENXIO/ENODEV: there is no descriptor to
        // fstat, and nothing to take either way; lstat says what it is.
        ENxIo or ENoDev => new OpenedEntry.NotRegular(Kind(LinkStatType(path))),
        // Only to word the refusal: a link whose target is missing is refused, not waited for like a file taken away.
        ENoEnt => new OpenedEntry.Unopened(OpenError.NotFound, errno, new FileInfo(path).LinkTarget),
        ELoop => new OpenedEntry.Unopened(OpenError.LinkNotFollowed, errno),
        EXDev => new OpenedEntry.Unopened(OpenError.OutsideInbox, errno),
        EAcces or EPerm => new OpenedEntry.Unopened(OpenError.PermissionDenied, errno),
        _ => new OpenedEntry.Unopened(OpenError.Other, errno),
    };

    private static EntryKind Kind(int type) => type switch
    {
        SIfDir => EntryKind.Directory,
        SIfIfo => EntryKind.Fifo,
        SIfSock => EntryKind.Socket,
        SIfChr => EntryKind.CharacterDevice,
        SIfBlk => EntryKind.BlockDevice,
        SIfLnk => EntryKind.SymbolicLink,
        _ => EntryKind.Other,
    };

    private static (int Mode, long Size, DateTime MTime, DateTime Created) Stat(SafeFileHandle handle)
    {
        Span<byte> buffer = stackalloc byte[256];
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (StatX(handle.DangerousGetHandle().ToInt32(), "", AtEmptyPath, StatxBasicStats | StatxBirthTime, ref MemoryMarshal.GetReference(buffer)) != 0)
            {
                throw new IOException($"statx failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        // struct statx is laid out the same on every architecture: stx_mask at 0, stx_mode at 28, stx_size at 40,
        // stx_btime at 80, stx_ctime at 96 and stx_mtime at 112 (each a 64-bit second and a 32-bit nanosecond).
        var mask = BitConverter.ToUInt32(buffer);
        int mode = BitConverter.ToUInt16(buffer[28..]);
        var size = BitConverter.ToInt64(buffer[40..]);
        var created = (mask & StatxBirthTime) != 0 ? Time(buffer[80..]) : Time(buffer[96..]);
        return (mode, size, Time(buffer[112..]), created);
    }

    private static int LinkStatType(string path)
    {
        Span<byte> buffer = stackalloc byte[256];
        return StatX(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) == 0
            ? BitConverter.ToUInt16(buffer[28..]) & SIfMt
            : 0;
    }

    private static DateTime Time(ReadOnlySpan<byte> timestamp) =>
        DateTime.UnixEpoch.AddTicks((BitConverter.ToInt64(timestamp) * TimeSpan.TicksPerSecond) + (BitConverter.ToUInt32(timestamp[8..]) / 100));

    private static int Flock(SafeFileHandle handle, int operation)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            return FlockNative(handle.DangerousGetHandle().ToInt32(), operation);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SysOpen(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatX(int dirfd, string path, int flags, uint mask, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int FlockNative(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long SysCallOpenat2(long number, int dirfd, string path, ref OpenHow how, nuint size);
}
