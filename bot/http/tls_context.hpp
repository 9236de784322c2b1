#pragma once

#include <string>

#include <boost/asio/ssl/context.hpp>

namespace cnsbot::bot {

// TLS 1.2+ server context from PEM text (certificate chain and private key).
// `cert_name`/`key_name` say where the PEM came from in error messages.
boost::asio::ssl::context MakeServerTlsContext(const std::string& cert_pem,
                                               const std::string& key_pem,
                                               const std::string& cert_name = "certificate",
                                               const std::string& key_name = "private key");
boost::asio::ssl::context MakeServerTlsContextFromFiles(const std::string& cert_file,
                                                        const std::string& key_file);

// Client context that verifies peers: against `ca_file` when given, else the system store.
boost::asio::ssl::context MakeClientTlsContext(const std::string& ca_file);

// The same, trusting exactly one PEM certificate (tests).
boost::asio::ssl::context MakeClientTlsContextTrusting(const std::string& cert_pem);

}  // namespace cnsbot::bot
