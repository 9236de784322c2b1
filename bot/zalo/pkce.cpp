#include "bot/zalo/pkce.hpp"

#include <stdexcept>
#include <vector>

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

namespace cnsbot::bot {
namespace {

std::string Base64Url(const unsigned char* data, std::size_t size) {
    std::string out(4 * ((size + 2) / 3) + 1, '\0');
    const int n =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
    out.resize(static_cast<std::size_t>(n));
    while (!out.empty() && out.back() == '=') out.pop_back();
    for (char& c : out) {
        if (c == '+') c = '-';
        if (c == '/') c = '_';
    }
    return out;
}

}  // namespace

std::string RandomUrlSafeToken(std::size_t bytes) {
    std::vector<unsigned char> buffer(bytes);
    if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1) {
        throw std::runtime_error("the system random generator failed");
    }
    return Base64Url(buffer.data(), buffer.size());
}

std::string PkceChallenge(const std::string& code_verifier) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(code_verifier.data()), code_verifier.size(),
           digest);
    return Base64Url(digest, sizeof digest);
}

}  // namespace cnsbot::bot
