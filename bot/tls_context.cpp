#include "bot/tls_context.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cnsbot::bot {

namespace ssl = boost::asio::ssl;

namespace {

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

ssl::context BaseContext(ssl::context::method method) {
    ssl::context ctx(method);
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                    ssl::context::single_dh_use);
    return ctx;
}

}  // namespace

ssl::context MakeServerTlsContext(const std::string& cert_pem, const std::string& key_pem) {
    ssl::context ctx = BaseContext(ssl::context::tls_server);
    ctx.use_certificate_chain(boost::asio::buffer(cert_pem));
    ctx.use_private_key(boost::asio::buffer(key_pem), ssl::context::pem);
    return ctx;
}

ssl::context MakeServerTlsContextFromFiles(const std::string& cert_file,
                                           const std::string& key_file) {
    return MakeServerTlsContext(ReadFile(cert_file), ReadFile(key_file));
}

ssl::context MakeClientTlsContext(const std::string& ca_file) {
    ssl::context ctx = BaseContext(ssl::context::tls_client);
    ctx.set_verify_mode(ssl::verify_peer);
    if (ca_file.empty()) {
        ctx.set_default_verify_paths();
    } else {
        ctx.load_verify_file(ca_file);
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
