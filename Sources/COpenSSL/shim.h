// The one header tenantry's Swift code sees of OpenSSL (Debian's libssl-dev, OpenSSL 3).
#ifndef TENANTRY_COPENSSL_SHIM_H
#define TENANTRY_COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/opensslv.h>

// Swift imports neither function-like macros nor constants built from them: these static inline
// wrappers give the TLS module the few it needs, each a one-line call of the macro it names.

static inline int tenantry_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

// Renegotiation off (a CPU-exhaustion vector and never needed by a webhook), compression off
// (CRIME), and the server's cipher order wins over the client's.
static inline void tenantry_SSL_CTX_set_hardening_options(SSL_CTX *ctx) {
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE);
}

// Idle connections give their 34 KB of record buffers back: a webhook holds many keep-alive
// connections that are quiet most of the time.
static inline void tenantry_SSL_CTX_set_release_buffers(SSL_CTX *ctx) {
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
}

static inline int tenantry_SSL_CTX_set1_groups_list(SSL_CTX *ctx, const char *groups) {
    return (int)SSL_CTX_set1_groups_list(ctx, groups);
}

static inline int tenantry_SSL_CTX_add1_chain_cert(SSL_CTX *ctx, X509 *cert) {
    return (int)SSL_CTX_add1_chain_cert(ctx, cert);
}

static inline int tenantry_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

static inline long tenantry_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

static inline void tenantry_OPENSSL_free(void *pointer) {
    OPENSSL_free(pointer);
}

static inline EVP_PKEY *tenantry_EVP_EC_gen(const char *curve) {
    return EVP_EC_gen(curve);
}

static inline int tenantry_X509_NAME_print_rfc2253(BIO *bio, const X509_NAME *name) {
    return X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253);
}

static inline int tenantry_X509_NAME_add_text_entry(X509_NAME *name, const char *field, const char *value) {
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, (const unsigned char *)value, -1, -1, 0);
}

static inline GENERAL_NAMES *tenantry_X509_subject_alt_names(const X509 *cert) {
    return (GENERAL_NAMES *)X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
}

static inline int tenantry_GENERAL_NAMES_count(const GENERAL_NAMES *names) {
    return sk_GENERAL_NAME_num(names);
}

static inline const GENERAL_NAME *tenantry_GENERAL_NAMES_at(const GENERAL_NAMES *names, int index) {
    return sk_GENERAL_NAME_value(names, index);
}

// The DNS name or IP address bytes of a subjectAltName entry; type is GEN_DNS, GEN_IPADD or
// another GEN_* kind (then NULL).
static inline const ASN1_STRING *tenantry_GENERAL_NAME_value(const GENERAL_NAME *name, int *type) {
    *type = name->type;
    if (name->type == GEN_DNS) return name->d.dNSName;
    if (name->type == GEN_IPADD) return name->d.iPAddress;
    return NULL;
}

// No passphrase prompt: OpenSSL's default callback would read one from the terminal, which
// blocks a server that was handed an encrypted key. Returning 0 makes the load fail instead.
static inline int tenantry_no_passphrase(char *buffer, int size, int rwflag, void *userdata) {
    (void)buffer; (void)size; (void)rwflag; (void)userdata;
    return 0;
}

static inline EVP_PKEY *tenantry_PEM_read_private_key(BIO *bio) {
    return PEM_read_bio_PrivateKey(bio, NULL, tenantry_no_passphrase, NULL);
}

static inline X509 *tenantry_PEM_read_certificate(BIO *bio) {
    return PEM_read_bio_X509(bio, NULL, tenantry_no_passphrase, NULL);
}

#endif
