import Foundation

/// Why a file could not be read or written, in plain words ("is a directory", "permission
/// denied"): the system's description of the POSIX error, not Foundation's error domain and
/// number ("NSCocoaErrorDomain error 512").
package enum FileErrorReason {
  /// The reason for `error`: the POSIX error it wraps (Foundation's file errors carry one),
  /// else the meaning of its Cocoa code, else its own description.
  package static func of(_ error: any Error) -> String {
    var nsError = error as NSError
    while nsError.domain != NSPOSIXErrorDomain,
      let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? any Error
    {
      nsError = underlying as NSError
    }
    if nsError.domain == NSPOSIXErrorDomain { return of(errno: Int32(nsError.code)) }
    switch (error as? CocoaError)?.code {
    case .fileReadNoPermission?, .fileWriteNoPermission?: return of(errno: EACCES)
    case .fileNoSuchFile?, .fileReadNoSuchFile?: return of(errno: ENOENT)
    case .fileWriteOutOfSpace?: return of(errno: ENOSPC)
    case .fileWriteVolumeReadOnly?: return of(errno: EROFS)
    default: return error.localizedDescription
    }
  }

  /// The system's description of `code` with a lower-case first letter, to follow a colon.
  package static func of(errno code: Int32) -> String {
    let text = String(cString: strerror(code))
    return text.prefix(1).lowercased() + text.dropFirst()
  }
}
