#pragma once

#include <string>

namespace cnsbot::bot {

struct PemPair {
    std::string certificate;
    std::string private_key;
};

// A throwaway P-256 certificate for localhost / 127.0.0.1 (development and tests only).
PemPair GenerateSelfSignedCertificate(const std::string& common_name = "localhost",
                                      int valid_days = 365);

// Writes a new pair to the two files unless both exist; the key file gets mode 0600.
// Returns true when it wrote them.
bool EnsureSelfSignedFiles(const std::string& cert_file, const std::string& key_file);

}  // namespace cnsbot::bot
