/// Logging metadata keys of the admin server, in one place.
enum AdminLoggingKeys {
    static let address = "admin.address"
    static let route = "admin.route"
    static let error = "admin.error"
}
