// The one header tenantry's Swift code sees of OpenSSL (Debian's libssl-dev, OpenSSL 3).
#ifndef TENANTRY_COPENSSL_SHIM_H
#define TENANTRY_COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/opensslv.h>
#endif
