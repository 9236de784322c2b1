#include "bot/http/tls_context.hpp"

#include <stdexcept>

#include "config/text_file.hpp"

namespace cnsbot::bot {

namespace ssl = boost::asio::ssl;

namespace {

ssl::context BaseContext(ssl::context::method method) {
    ssl::context ctx(method);
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                    ssl::context::single_dh_use);
    return ctx;
}

}  // namespace

ssl::context MakeServerTlsContext(const std::string& cert_pem, const std::string& key_pem,
                                  const std::string& cert_name, const std::string& key_name) {
    ssl::context ctx = BaseContext(ssl::context::tls_server);
    boost::system::error_code ec;
    ctx.use_certificate_chain(boost::asio::buffer(cert_pem), ec);
    if (ec) {
        throw std::runtime_error(cert_name + " is not a PEM certificate chain (" + ec.message() +
                                 ")");
    }
    ctx.use_private_key(boost::asio::buffer(key_pem), ssl::context::pem, ec);
    if (ec) {
        throw std::runtime_error(key_name + " is not a PEM private key matching the certificate (" +
                                 ec.message() + ")");
    }
    return ctx;
}

ssl::context MakeServerTlsContextFromFiles(const std::string& cert_file,
                                           const std::string& key_file) {
    return MakeServerTlsContext(config::ReadTextFile(cert_file), config::ReadTextFile(key_file),
                                "server.tls.cert_file " + cert_file,
                                "server.tls.key_file " + key_file);
}

ssl::context MakeClientTlsContext(const std::string& ca_file) {
    ssl::context ctx = BaseContext(ssl::context::tls_client);
    ctx.set_verify_mode(ssl::verify_peer);
    boost::system::error_code ec;
    if (ca_file.empty()) {
        ctx.set_default_verify_paths(ec);
        if (ec)
            throw std::runtime_error("cannot load the system's CA certificates: " + ec.message());
    } else {
        ctx.load_verify_file(ca_file, ec);
        if (ec) {
            throw std::runtime_error("zalo.ca_file " + ca_file + " holds no PEM CA certificate (" +
                                     ec.message() + ")");
        }
    }
    return ctx;
}

ssl::context MakeClientTlsContextTrusting(const std::string& cert_pem) {
    ssl::context ctx = BaseContext(ssl::context::tls_client);
    ctx.set_verify_mode(ssl::verify_peer);
    ctx.add_certificate_authority(boost::asio::buffer(cert_pem));
    return ctx;
}

}  // namespace cnsbot::bot
