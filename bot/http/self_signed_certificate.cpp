#include "bot/http/self_signed_certificate.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace cnsbot::bot {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

void Check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("OpenSSL: ") + what + " failed");
}

std::string BioString(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

void AddExtension(X509* cert, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    Check(ext != nullptr, "X509V3_EXT_conf_nid");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

}  // namespace

PemPair GenerateSelfSignedCertificate(const std::string& common_name, int valid_days) {
    KeyPtr key(EVP_EC_gen("P-256"));
    Check(key != nullptr, "EVP_EC_gen");
    CertPtr cert(X509_new());
    Check(cert != nullptr, "X509_new");
    X509_set_version(cert.get(), 2);
    unsigned char serial[8];
    Check(RAND_bytes(serial, sizeof serial) == 1, "RAND_bytes");
    serial[0] &= 0x7F;
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400L * valid_days);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                               0);
    X509_set_issuer_name(cert.get(), name);
    const std::string san = "DNS:" + common_name + ",DNS:localhost,IP:127.0.0.1";
    AddExtension(cert.get(), NID_subject_alt_name, san.c_str());
    AddExtension(cert.get(), NID_basic_constraints, "critical,CA:TRUE");
    Check(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "X509_sign");

    PemPair pem;
    BioPtr cert_bio(BIO_new(BIO_s_mem()));
    Check(PEM_write_bio_X509(cert_bio.get(), cert.get()) == 1, "PEM_write_bio_X509");
    pem.certificate = BioString(cert_bio.get());
    BioPtr key_bio(BIO_new(BIO_s_mem()));
    Check(PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                   nullptr) == 1,
          "PEM_write_bio_PrivateKey");
    pem.private_key = BioString(key_bio.get());
    return pem;
}

bool EnsureSelfSignedFiles(const std::string& cert_file, const std::string& key_file) {
    if (std::filesystem::exists(cert_file) && std::filesystem::exists(key_file)) return false;
    const PemPair pem = GenerateSelfSignedCertificate();
    for (const auto& path : {cert_file, key_file}) {
        const auto parent = std::filesystem::path(path).parent_path();
        if (!parent.empty()) std::filesystem::create_directories(parent);
    }
    {
        const mode_t old_mask = ::umask(077);
        std::ofstream key(key_file, std::ios::binary | std::ios::trunc);
        key << pem.private_key;
        ::umask(old_mask);
        if (!key) throw std::runtime_error("cannot write " + key_file);
    }
    std::ofstream cert(cert_file, std::ios::binary | std::ios::trunc);
    cert << pem.certificate;
    if (!cert) throw std::runtime_error("cannot write " + cert_file);
    return true;
}

}  // namespace cnsbot::bot
