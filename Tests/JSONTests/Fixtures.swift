/// AdmissionReviews shaped like what an API server sends, written by hand for these tests and kept
/// in the test sources so no test reads files. They use only the escapes the writer itself emits
/// (`\"`, `\\`, `\n`, `\t`, lowercase `\u00xx`), so their compact form must survive a
/// parse → write round trip byte for byte; `nonCanonicalEscapes` is the exception on purpose.
enum Fixtures {
    /// Pod CREATE through `kubectl apply`: managedFields (with a `k:{"name":"app"}` key full of
    /// escaped quotes) and a last-applied-configuration annotation holding escaped JSON.
    static let podCreate = #"""
        {
          "kind": "AdmissionReview",
          "apiVersion": "admission.k8s.io/v1",
          "request": {
            "uid": "705ab4f5-6393-11e8-b7cc-42010a800002",
            "kind": {"group": "", "version": "v1", "kind": "Pod"},
            "resource": {"group": "", "version": "v1", "resource": "pods"},
            "requestKind": {"group": "", "version": "v1", "kind": "Pod"},
            "requestResource": {"group": "", "version": "v1", "resource": "pods"},
            "name": "web-0",
            "namespace": "acme-prod",
            "operation": "CREATE",
            "userInfo": {
              "username": "system:serviceaccount:acme-prod:deployer",
              "uid": "c1f5a5e0-9b6e-4a55-8d0b-3f2d6c1e7a10",
              "groups": ["system:serviceaccounts", "system:serviceaccounts:acme-prod", "system:authenticated"],
              "extra": {"authentication.kubernetes.io/pod-name": ["ci-runner-7d9f"]}
            },
            "object": {
              "apiVersion": "v1",
              "kind": "Pod",
              "metadata": {
                "name": "web-0",
                "namespace": "acme-prod",
                "labels": {"app": "web", "app.kubernetes.io/part-of": "storefront"},
                "annotations": {
                  "kubectl.kubernetes.io/last-applied-configuration": "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"annotations\":{},\"labels\":{\"app\":\"web\"},\"name\":\"web-0\",\"namespace\":\"acme-prod\"},\"spec\":{\"containers\":[{\"image\":\"registry.acme.example/web:1.4.2\",\"name\":\"app\",\"args\":[\"--greeting=\\\"hello\\\"\"]}]}}\n"
                },
                "managedFields": [
                  {
                    "manager": "kubectl-client-side-apply",
                    "operation": "Update",
                    "apiVersion": "v1",
                    "time": "2024-05-01T10:00:00Z",
                    "fieldsType": "FieldsV1",
                    "fieldsV1": {
                      "f:metadata": {
                        "f:annotations": {".": {}, "f:kubectl.kubernetes.io/last-applied-configuration": {}},
                        "f:labels": {".": {}, "f:app": {}}
                      },
                      "f:spec": {
                        "f:containers": {
                          "k:{\"name\":\"app\"}": {
                            ".": {},
                            "f:args": {},
                            "f:image": {},
                            "f:name": {},
                            "f:resources": {}
                          }
                        },
                        "f:dnsPolicy": {},
                        "f:restartPolicy": {}
                      }
                    }
                  }
                ]
              },
              "spec": {
                "containers": [
                  {
                    "name": "app",
                    "image": "registry.acme.example/web:1.4.2",
                    "args": ["--greeting=\"hello\""],
                    "ports": [{"containerPort": 8080, "protocol": "TCP"}],
                    "resources": {"requests": {"cpu": "250m", "memory": "128Mi"}, "limits": {"cpu": "1", "memory": "256Mi"}},
                    "terminationMessagePath": "/dev/termination-log",
                    "imagePullPolicy": "IfNotPresent"
                  }
                ],
                "restartPolicy": "Always",
                "terminationGracePeriodSeconds": 30,
                "dnsPolicy": "ClusterFirst",
                "serviceAccountName": "default",
                "tolerations": [
                  {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
                ]
              },
              "status": {}
            },
            "oldObject": null,
            "dryRun": false,
            "options": {"kind": "CreateOptions", "apiVersion": "meta.k8s.io/v1", "fieldManager": "kubectl-client-side-apply"}
          }
        }
        """#

    /// Deployment UPDATE: a scale and image change, so object and oldObject differ.
    static let deploymentUpdate = #"""
        {
          "kind": "AdmissionReview",
          "apiVersion": "admission.k8s.io/v1",
          "request": {
            "uid": "0df28fbd-5f5f-11e8-bc74-36e6bb280816",
            "kind": {"group": "apps", "version": "v1", "kind": "Deployment"},
            "resource": {"group": "apps", "version": "v1", "resource": "deployments"},
            "requestKind": {"group": "apps", "version": "v1", "kind": "Deployment"},
            "requestResource": {"group": "apps", "version": "v1", "resource": "deployments"},
            "name": "checkout",
            "namespace": "globex-dev",
            "operation": "UPDATE",
            "userInfo": {"username": "alice@globex.example", "groups": ["globex:developers", "system:authenticated"]},
            "object": {
              "apiVersion": "apps/v1",
              "kind": "Deployment",
              "metadata": {
                "name": "checkout",
                "namespace": "globex-dev",
                "uid": "8e1c6f3a-2b7d-4c55-9a0e-1d2f3a4b5c6d",
                "resourceVersion": "918273",
                "generation": 8,
                "creationTimestamp": "2024-04-30T08:15:00Z",
                "labels": {"app": "checkout", "tenantry.io/tenant": "globex"},
                "annotations": {"deployment.kubernetes.io/revision": "7"}
              },
              "spec": {
                "replicas": 5,
                "selector": {"matchLabels": {"app": "checkout"}},
                "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
                "template": {
                  "metadata": {"labels": {"app": "checkout"}, "creationTimestamp": null},
                  "spec": {
                    "containers": [
                      {
                        "name": "checkout",
                        "image": "registry.globex.example/checkout:2.1.0",
                        "env": [{"name": "JAVA_OPTS", "value": "-Xmx512m -Dfile.encoding=UTF-8"}],
                        "resources": {"limits": {"cpu": "2", "memory": "1Gi"}}
                      }
                    ],
                    "nodeSelector": {"pool": "globex"}
                  }
                },
                "revisionHistoryLimit": 10,
                "progressDeadlineSeconds": 600
              },
              "status": {"observedGeneration": 7, "replicas": 3, "readyReplicas": 3, "conditions": []}
            },
            "oldObject": {
              "apiVersion": "apps/v1",
              "kind": "Deployment",
              "metadata": {
                "name": "checkout",
                "namespace": "globex-dev",
                "uid": "8e1c6f3a-2b7d-4c55-9a0e-1d2f3a4b5c6d",
                "resourceVersion": "918200",
                "generation": 7,
                "creationTimestamp": "2024-04-30T08:15:00Z",
                "labels": {"app": "checkout", "tenantry.io/tenant": "globex"},
                "annotations": {"deployment.kubernetes.io/revision": "7"}
              },
              "spec": {
                "replicas": 3,
                "selector": {"matchLabels": {"app": "checkout"}},
                "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
                "template": {
                  "metadata": {"labels": {"app": "checkout"}, "creationTimestamp": null},
                  "spec": {
                    "containers": [
                      {
                        "name": "checkout",
                        "image": "registry.globex.example/checkout:2.0.3",
                        "env": [{"name": "JAVA_OPTS", "value": "-Xmx512m -Dfile.encoding=UTF-8"}],
                        "resources": {"limits": {"cpu": "2", "memory": "1Gi"}}
                      }
                    ],
                    "nodeSelector": {"pool": "globex"}
                  }
                },
                "revisionHistoryLimit": 10,
                "progressDeadlineSeconds": 600
              },
              "status": {"observedGeneration": 7, "replicas": 3, "readyReplicas": 3, "conditions": []}
            },
            "dryRun": false,
            "options": {"kind": "UpdateOptions", "apiVersion": "meta.k8s.io/v1", "fieldManager": "kubectl-edit"}
          }
        }
        """#

    /// Pod DELETE: `object` is null, the pod is in `oldObject`.
    static let podDelete = #"""
        {
          "kind": "AdmissionReview",
          "apiVersion": "admission.k8s.io/v1",
          "request": {
            "uid": "3b6c5e8a-1f2d-4e3c-9b8a-7c6d5e4f3a2b",
            "kind": {"group": "", "version": "v1", "kind": "Pod"},
            "resource": {"group": "", "version": "v1", "resource": "pods"},
            "name": "web-0",
            "namespace": "acme-prod",
            "operation": "DELETE",
            "userInfo": {"username": "system:serviceaccount:kube-system:replicaset-controller", "groups": ["system:serviceaccounts", "system:authenticated"]},
            "object": null,
            "oldObject": {
              "apiVersion": "v1",
              "kind": "Pod",
              "metadata": {"name": "web-0", "namespace": "acme-prod", "labels": {"app": "web"}, "deletionGracePeriodSeconds": 30},
              "spec": {"containers": [{"name": "app", "image": "registry.acme.example/web:1.4.2"}]},
              "status": {"phase": "Running", "podIP": "10.244.1.17", "hostIP": "192.168.49.2"}
            },
            "dryRun": false,
            "options": {"kind": "DeleteOptions", "apiVersion": "meta.k8s.io/v1", "gracePeriodSeconds": 30, "propagationPolicy": "Background"}
          }
        }
        """#

    /// CONNECT to pods/exec: the "object" is PodExecOptions, with a shell command full of quotes.
    static let execConnect = #"""
        {
          "kind": "AdmissionReview",
          "apiVersion": "admission.k8s.io/v1",
          "request": {
            "uid": "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d",
            "kind": {"group": "", "version": "v1", "kind": "PodExecOptions"},
            "resource": {"group": "", "version": "v1", "resource": "pods"},
            "subResource": "exec",
            "requestKind": {"group": "", "version": "v1", "kind": "PodExecOptions"},
            "requestResource": {"group": "", "version": "v1", "resource": "pods"},
            "requestSubResource": "exec",
            "name": "web-0",
            "namespace": "acme-prod",
            "operation": "CONNECT",
            "userInfo": {"username": "bob@acme.example", "groups": ["acme:oncall", "system:authenticated"]},
            "object": {
              "kind": "PodExecOptions",
              "apiVersion": "v1",
              "stdin": true,
              "stdout": true,
              "tty": true,
              "container": "app",
              "command": ["/bin/sh", "-c", "echo \"who am i: $(id -u)\" && cat /etc/hostname\tand\\more"]
            },
            "oldObject": null,
            "dryRun": false,
            "options": null
          }
        }
        """#

    /// admission.k8s.io/v1beta1 (older API servers, and still what some tools capture): a ConfigMap
    /// whose data holds a multi-line script.
    static let v1beta1ConfigMap = #"""
        {
          "kind": "AdmissionReview",
          "apiVersion": "admission.k8s.io/v1beta1",
          "request": {
            "uid": "e911857d-c318-11e8-bbad-025000000001",
            "kind": {"group": "", "version": "v1", "kind": "ConfigMap"},
            "resource": {"group": "", "version": "v1", "resource": "configmaps"},
            "namespace": "acme-prod",
            "operation": "CREATE",
            "userInfo": {"username": "admin", "groups": ["system:masters", "system:authenticated"]},
            "object": {
              "apiVersion": "v1",
              "kind": "ConfigMap",
              "metadata": {"generateName": "init-script-", "namespace": "acme-prod", "creationTimestamp": null},
              "data": {
                "init.sh": "#!/bin/sh\nset -eu\nprintf '%s\\n' \"starting\"\nexec /app/server --port=8080\n",
                "settings.ini": "[server]\r\nport = 8080\r\n"
              }
            },
            "oldObject": null,
            "dryRun": false
          }
        }
        """#

    /// Namespace CREATE by a tenant's onboarding controller.
    static let namespaceCreate = #"""
        {
          "kind": "AdmissionReview",
          "apiVersion": "admission.k8s.io/v1",
          "request": {
            "uid": "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e",
            "kind": {"group": "", "version": "v1", "kind": "Namespace"},
            "resource": {"group": "", "version": "v1", "resource": "namespaces"},
            "name": "acme-staging",
            "operation": "CREATE",
            "userInfo": {"username": "system:serviceaccount:tenantry-system:onboarding", "groups": ["system:serviceaccounts"]},
            "object": {
              "apiVersion": "v1",
              "kind": "Namespace",
              "metadata": {
                "name": "acme-staging",
                "labels": {
                  "kubernetes.io/metadata.name": "acme-staging",
                  "tenantry.io/tenant": "acme",
                  "pod-security.kubernetes.io/enforce": "restricted"
                },
                "annotations": {"scheduler.alpha.kubernetes.io/node-selector": "pool=acme"}
              },
              "spec": {"finalizers": ["kubernetes"]},
              "status": {"phase": "Active"}
            },
            "oldObject": null,
            "dryRun": true,
            "options": {"kind": "CreateOptions", "apiVersion": "meta.k8s.io/v1"}
          }
        }
        """#

    /// A custom resource with non-ASCII annotations (CJK, emoji, Arabic, a combining accent, U+2028),
    /// an escaped terminal colour code, and numbers that only survive if kept as text.
    static let unicodeCustomResource = #"""
        {
          "kind": "AdmissionReview",
          "apiVersion": "admission.k8s.io/v1",
          "request": {
            "uid": "c0ffee00-1234-4567-89ab-cdef01234567",
            "kind": {"group": "tenantry.io", "version": "v1alpha1", "kind": "TenantQuota"},
            "resource": {"group": "tenantry.io", "version": "v1alpha1", "resource": "tenantquotas"},
            "name": "acme-quota",
            "namespace": "acme-prod",
            "operation": "CREATE",
            "userInfo": {"username": "田中太郎", "groups": ["acme:admins"]},
            "object": {
              "apiVersion": "tenantry.io/v1alpha1",
              "kind": "TenantQuota",
              "metadata": {
                "name": "acme-quota",
                "namespace": "acme-prod",
                "annotations": {
                  "description": "本番環境のクォータ 🚀 — équipe «plateforme»",
                  "owner.example.com/display-name": "مرحبا",
                  "note": "café and café are spelled differently",
                  "banner": "\u001b[1mbold\u001b[0m",
                  "separator": "a b"
                }
              },
              "spec": {
                "weight": 1.50,
                "burst": 1E+2,
                "epsilon": 0.5e-3,
                "serial": 123456789012345678901234567890,
                "offset": -0,
                "limits": {"cpu": "16", "memory": "64Gi", "pods": 200}
              }
            },
            "oldObject": null,
            "dryRun": false
          }
        }
        """#

    /// Legal JSON that no writer of ours would produce: `\/`, `\u00e9`, a surrogate pair and an
    /// uppercase `\u001B`. Reading it back after writing must give the same value, not the same bytes.
    static let nonCanonicalEscapes = #"""
        {"kind":"AdmissionReview","apiVersion":"admission.k8s.io\/v1","request":{"uid":"u-1",
          "operation":"CREATE","object":{"metadata":{"annotations":{
            "caf\u00e9":"\uD83D\uDE00 smile","path":"\/var\/log","esc":"\u001B"}}}}}
        """#

    /// Every fixture that must round-trip byte for byte once compacted.
    static let canonical: [(name: String, text: String)] = [
        ("podCreate", podCreate),
        ("deploymentUpdate", deploymentUpdate),
        ("podDelete", podDelete),
        ("execConnect", execConnect),
        ("v1beta1ConfigMap", v1beta1ConfigMap),
        ("namespaceCreate", namespaceCreate),
        ("unicodeCustomResource", unicodeCustomResource),
    ]

    /// The fixture with whitespace outside strings removed, i.e. the writer's compact form, computed
    /// without the writer so the round-trip tests do not check the writer against itself.
    static func compact(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var inString = false
        var escaped = false
        for byte in text.utf8 {
            if inString {
                out.append(byte)
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
                out.append(byte)
            } else if ![0x20, 0x09, 0x0A, 0x0D].contains(byte) {
                out.append(byte)
            }
        }
        return out
    }
}
