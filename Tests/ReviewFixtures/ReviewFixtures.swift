// AdmissionReviews for the tests of every module that reads them, written by hand (no test reads
// files). The envelopes are shaped like what kube-apiserver sends: the Go structs' field order, TypeMeta's
// `kind` before `apiVersion`, RawExtensions as `null` when empty; `minimal` and `bareRequest` are shaped
// like hand-written fixtures instead, on purpose.
//
// The JSON tests write these back byte for byte once compacted, so strings use only the escapes the
// writer itself emits (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, lowercase `\u00xx` for other control
// characters; everything else as UTF-8, never `\/`). Only string literals: this target depends on
// nothing, so any test target can share it.
public enum ReviewFixtures {
    /// `kubectl apply` of a pod: managedFields (with a `k:{"name":"web"}` key full of escaped quotes), a
    /// last-applied-configuration annotation holding escaped JSON, an argument with quotes in it,
    /// CreateOptions and `oldObject: null`.
    public static let podCreate = #"""
        {
          "kind": "AdmissionReview",
          "apiVersion": "admission.k8s.io/v1",
          "request": {
            "uid": "0df28fbd-5f5f-4d5e-8c1a-3b0f1c5a9e01",
            "kind": {"group": "", "version": "v1", "kind": "Pod"},
            "resource": {"group": "", "version": "v1", "resource": "pods"},
            "requestKind": {"group": "", "version": "v1", "kind": "Pod"},
            "requestResource": {"group": "", "version": "v1", "resource": "pods"},
            "name": "web-7d4b9",
            "namespace": "tenant-acme",
            "operation": "CREATE",
            "userInfo": {
              "username": "alice@acme.example",
              "uid": "oidc:3f1c9a",
              "groups": ["tenant-acme-admins", "system:authenticated"]
            },
            "object": {
              "kind": "Pod",
              "apiVersion": "v1",
              "metadata": {
                "name": "web-7d4b9",
                "namespace": "tenant-acme",
                "creationTimestamp": null,
                "labels": {"app": "web", "app.kubernetes.io/part-of": "storefront"},
                "annotations": {
                  "kubectl.kubernetes.io/last-applied-configuration": "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"annotations\":{},\"labels\":{\"app\":\"web\"},\"name\":\"web-7d4b9\",\"namespace\":\"tenant-acme\"},\"spec\":{\"containers\":[{\"args\":[\"--greeting=\\\"hello\\\"\"],\"image\":\"registry.acme.io/web:1.4.2\",\"name\":\"web\"}]}}\n"
                },
                "managedFields": [
                  {
                    "manager": "kubectl-client-side-apply",
                    "operation": "Update",
                    "apiVersion": "v1",
                    "time": "2024-05-02T09:14:11Z",
                    "fieldsType": "FieldsV1",
                    "fieldsV1": {
                      "f:metadata": {
                        "f:annotations": {".": {}, "f:kubectl.kubernetes.io/last-applied-configuration": {}},
                        "f:labels": {".": {}, "f:app": {}}
                      },
                      "f:spec": {
                        "f:containers": {
                          "k:{\"name\":\"web\"}": {".": {}, "f:args": {}, "f:image": {}, "f:name": {}, "f:resources": {}}
                        },
                        "f:dnsPolicy": {},
                        "f:restartPolicy": {}
                      }
                    }
                  }
                ]
              },
              "spec": {
                "volumes": [
                  {
                    "name": "kube-api-access-x2k7q",
                    "projected": {
                      "sources": [
                        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                        {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}}
                      ],
                      "defaultMode": 420
                    }
                  }
                ],
                "containers": [
                  {
                    "name": "web",
                    "image": "registry.acme.io/web:1.4.2",
                    "args": ["--greeting=\"hello\""],
                    "ports": [{"containerPort": 8080, "protocol": "TCP"}],
                    "resources": {"requests": {"cpu": "250m", "memory": "128Mi"}, "limits": {"cpu": "1", "memory": "256Mi"}},
                    "volumeMounts": [
                      {"name": "kube-api-access-x2k7q", "readOnly": true, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}
                    ],
                    "terminationMessagePath": "/dev/termination-log",
                    "terminationMessagePolicy": "File",
                    "imagePullPolicy": "IfNotPresent"
                  }
                ],
                "restartPolicy": "Always",
                "terminationGracePeriodSeconds": 30,
                "dnsPolicy": "ClusterFirst",
                "serviceAccountName": "default",
                "serviceAccount": "default",
                "securityContext": {},
                "schedulerName": "default-scheduler",
                "tolerations": [
                  {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
                ],
                "priority": 0,
                "enableServiceLinks": true,
                "preemptionPolicy": "PreemptLowerPriority"
              },
              "status": {}
            },
            "oldObject": null,
            "dryRun": false,
            "options": {
              "kind": "CreateOptions",
              "apiVersion": "meta.k8s.io/v1",
              "fieldManager": "kubectl-client-side-apply",
              "fieldValidation": "Strict"
            }
          }
        }
        """#

    /// A mutating webhook sees a generateName pod before its name exists.
    public static let generateNameCreate = #"""
        {
          "kind": "AdmissionReview",
          "apiVersion": "admission.k8s.io/v1",
          "request": {
            "uid": "3a9c0e5d-7f21-4c6b-b0d4-1e2f3a4b5c6d",
            "kind": {"group": "", "version": "v1", "kind": "Pod"},
            "resource": {"group": "", "version": "v1", "resource": "pods"},
            "requestKind": {"group": "", "version": "v1", "kind": "Pod"},
            "requestResource": {"group": "", "version": "v1", "resource": "pods"},
            "name": "",
            "namespace": "tenant-acme",
            "operation": "CREATE",
            "userInfo": {
              "username": "system:serviceaccount:kube-system:replicaset-controller",
              "uid": "b7e1c2d3-0000-4000-8000-000000000001",
              "groups": ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"]
            },
            "object": {
              "kind": "Pod",
              "apiVersion": "v1",
              "metadata": {
                "generateName": "web-7d4b9c6f8-",
                "namespace": "tenant-acme",
                "creationTimestamp": null,
                "labels": {"app": "web", "pod-template-hash": "7d4b9c6f8"},
                "ownerReferences": [
                  {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-7d4b9c6f8", "uid": "11111111-2222-4333-8444-555555555555", "controller": true, "blockOwnerDeletion": true}
                ]
              },
              "spec": {"containers": [{"name": "web", "image": "registry.acme.io/web:1.4.2", "resources": {}}]},
              "status": {}
            },
            "oldObject": null,
            "dryRun": false,
            "options": {"kind": "CreateOptions", "apiVersion": "meta.k8s.io/v1"}
          }
        }
        """#

    /// `kubectl create --dry-run=server`: `dryRun: true`, and the CreateOptions say so too.
    public static let dryRunCreate = #"""
        {
          "kind": "AdmissionReview",
          "apiVersion": "admission.k8s.io/v1",
          "request": {
            "uid": "8d7c6b5a-4938-4271-a0b1-c2d3e4f50617",
            "kind": {"group": "", "version": "v1", "kind": "ConfigMap"},
            "resource": {"group": "", "version": "v1", "resource": "configmaps"},
            "requestKind": {"group": "", "version": "v1", "kind": "ConfigMap"},
            "requestResource": {"group": "", "version": "v1", "resource": "configmaps"},
            "name": "settings",
            "namespace": "tenant-acme",
            "operation": "CREATE",
            "userInfo": {"username": "alice@acme.example", "groups": ["tenant-acme-admins", "system:authenticated"]},
            "object": {
              "kind": "ConfigMap",
              "apiVersion": "v1",
              "metadata": {"name": "settings", "namespace": "tenant-acme", "creationTimestamp": null},
              "data": {"LOG_LEVEL": "debug"}
            },
            "oldObject": null,
            "dryRun": true,
            "options": {"kind": "CreateOptions", "apiVersion": "meta.k8s.io/v1", "dryRun": ["All"], "fieldManager": "kubectl-create"}
          }
        }
        """#

    /// A Namespace is cluster-scoped, yet the API server sets `namespace` to its name. Created for a
    /// tenant, so it carries the tenant label and a pod-security level.
    public static let namespaceCreate = #"""
        {
          "kind": "AdmissionReview",
          "apiVersion": "admission.k8s.io/v1",
          "request": {
            "uid": "e1d2c3b4-a596-4877-8899-aabbccddeeff",
            "kind": {"group": "", "version": "v1", "kind": "Namespace"},
            "resource": {"group": "", "version": "v1", "resource": "namespaces"},
            "requestKind": {"group": "", "version": "v1", "kind": "Namespace"},
            "requestResource": {"group": "", "version": "v1", "resource": "namespaces"},
            "name": "acme-staging",
            "namespace": "acme-staging",
            "operation": "CREATE",
            "userInfo": {"username": "alice@acme.example", "groups": ["tenant-acme-admins", "system:authenticated"]},
            "object": {
              "kind": "Namespace",
              "apiVersion": "v1",
              "metadata": {
                "name": "acme-staging",
                "creationTimestamp": null,
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
            "dryRun": false,
            "options": {"kind": "CreateOptions", "apiVersion": "meta.k8s.io/v1", "fieldManager": "kubectl-create"}
          }
        }
        """#

    /// Deployment UPDATE: a scale and image change, so object and oldObject differ.
    public static let deploymentUpdate = #"""
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

    /// `kubectl scale deployment`: the Scale subresource's own kind, and no `oldObject` key at all.
    public static let deploymentScaleUpdate = #"""
        {
          "kind": "AdmissionReview",
          "apiVersion": "admission.k8s.io/v1",
          "request": {
            "uid": "705ab4f5-6393-11e8-b7cc-42010a800002",
            "kind": {"group": "autoscaling", "version": "v1", "kind": "Scale"},
            "resource": {"group": "apps", "version": "v1", "resource": "deployments"},
            "subResource": "scale",
            "requestKind": {"group": "autoscaling", "version": "v1", "kind": "Scale"},
            "requestResource": {"group": "apps", "version": "v1", "resource": "deployments"},
            "requestSubResource": "scale",
            "name": "web",
            "namespace": "tenant-acme",
            "operation": "UPDATE",
            "userInfo": {"username": "alice@acme.example", "groups": ["tenant-acme-admins", "system:authenticated"]},
            "object": {
              "kind": "Scale",
              "apiVersion": "autoscaling/v1",
              "metadata": {"name": "web", "namespace": "tenant-acme", "resourceVersion": "90112"},
              "spec": {"replicas": 12},
              "status": {"replicas": 3, "selector": "app=web"}
            },
            "dryRun": false,
            "options": {"kind": "UpdateOptions", "apiVersion": "meta.k8s.io/v1", "fieldManager": "kubectl-scale"}
          }
        }
        """#

    /// A pod's service account token: the API server puts the bound pod and node in `userInfo.extra`.
    public static let serviceAccountWithExtra = #"""
        {
          "kind": "AdmissionReview",
          "apiVersion": "admission.k8s.io/v1",
          "request": {
            "uid": "2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901",
            "kind": {"group": "", "version": "v1", "kind": "ConfigMap"},
            "resource": {"group": "", "version": "v1", "resource": "configmaps"},
            "requestKind": {"group": "", "version": "v1", "kind": "ConfigMap"},
            "requestResource": {"group": "", "version": "v1", "resource": "configmaps"},
            "name": "leader",
            "namespace": "vc-acme",
            "operation": "UPDATE",
            "userInfo": {
              "username": "system:serviceaccount:vc-acme:vc-acme",
              "uid": "4c1f0e2d-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
              "groups": ["system:serviceaccounts", "system:serviceaccounts:vc-acme", "system:authenticated"],
              "extra": {
                "authentication.kubernetes.io/credential-id": ["JTI=7c6b1e52-0d1f-4a3b-9c8d-7e6f5a4b3c2d"],
                "authentication.kubernetes.io/node-name": ["worker-3"],
                "authentication.kubernetes.io/node-uid": ["a0b1c2d3-e4f5-4607-8819-2a3b4c5d6e7f"],
                "authentication.kubernetes.io/pod-name": ["vc-acme-0"],
                "authentication.kubernetes.io/pod-uid": ["0f1e2d3c-4b5a-4697-8877-665544332211"],
                "scopes": []
              }
            },
            "object": {"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": "leader", "namespace": "vc-acme", "resourceVersion": "702"}, "data": {"holder": "vc-acme-0"}},
            "oldObject": {"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": "leader", "namespace": "vc-acme", "resourceVersion": "701"}, "data": {"holder": "vc-acme-1"}},
            "dryRun": false,
            "options": {"kind": "UpdateOptions", "apiVersion": "meta.k8s.io/v1", "fieldManager": "syncer"}
          }
        }
        """#

    /// `kubectl delete pod`: `object` is null, the stored pod is in `oldObject`, DeleteOptions.
    public static let podDelete = #"""
        {
          "kind": "AdmissionReview",
          "apiVersion": "admission.k8s.io/v1",
          "request": {
            "uid": "c4f7a0f2-2b9d-4a47-9d0e-5e8a3b1f6c22",
            "kind": {"group": "", "version": "v1", "kind": "Pod"},
            "resource": {"group": "", "version": "v1", "resource": "pods"},
            "requestKind": {"group": "", "version": "v1", "kind": "Pod"},
            "requestResource": {"group": "", "version": "v1", "resource": "pods"},
            "name": "worker-0",
            "namespace": "tenant-acme",
            "operation": "DELETE",
            "userInfo": {"username": "alice@acme.example", "groups": ["tenant-acme-admins", "system:authenticated"]},
            "object": null,
            "oldObject": {
              "kind": "Pod",
              "apiVersion": "v1",
              "metadata": {"name": "worker-0", "namespace": "tenant-acme", "uid": "6f0e2c1a-aa10-4f36-9f55-0f1d2e3c4b5a", "resourceVersion": "48213", "labels": {"app": "worker"}},
              "spec": {"containers": [{"name": "worker", "image": "registry.acme.io/worker:2"}]},
              "status": {"phase": "Running", "podIP": "10.244.1.17", "hostIP": "192.168.49.2"}
            },
            "dryRun": false,
            "options": {"kind": "DeleteOptions", "apiVersion": "meta.k8s.io/v1", "gracePeriodSeconds": 30, "propagationPolicy": "Background"}
          }
        }
        """#

    /// `kubectl exec`: the connect options are the object, with a shell command full of quotes, a tab
    /// and a backslash; `oldObject` and `options` are null.
    public static let podExecConnect = #"""
        {
          "kind": "AdmissionReview",
          "apiVersion": "admission.k8s.io/v1",
          "request": {
            "uid": "5cf446fc-5745-47a1-aecd-f4231a676bd6",
            "kind": {"group": "", "version": "v1", "kind": "PodExecOptions"},
            "resource": {"group": "", "version": "v1", "resource": "pods"},
            "subResource": "exec",
            "requestKind": {"group": "", "version": "v1", "kind": "PodExecOptions"},
            "requestResource": {"group": "", "version": "v1", "resource": "pods"},
            "requestSubResource": "exec",
            "name": "api-6595874d85-2bhgt",
            "namespace": "tenant-globex",
            "operation": "CONNECT",
            "userInfo": {"username": "alice@acme.example", "groups": ["tenant-acme-admins", "system:authenticated"]},
            "object": {
              "kind": "PodExecOptions",
              "apiVersion": "v1",
              "stdin": true,
              "stdout": true,
              "tty": true,
              "container": "api",
              "command": ["/bin/sh", "-c", "echo \"who am i: $(id -u)\" && cat /etc/hostname\tand\\more"]
            },
            "oldObject": null,
            "dryRun": false,
            "options": null
          }
        }
        """#

    /// The same kind of request from a webhook configured with `admissionReviewVersions: [v1beta1]`.
    public static let serviceCreateV1beta1 = #"""
        {
          "kind": "AdmissionReview",
          "apiVersion": "admission.k8s.io/v1beta1",
          "request": {
            "uid": "9b1e6a52-1c0e-4f0b-a3a8-6c2d0e7f4b11",
            "kind": {"group": "", "version": "v1", "kind": "Service"},
            "resource": {"group": "", "version": "v1", "resource": "services"},
            "requestKind": {"group": "", "version": "v1", "kind": "Service"},
            "requestResource": {"group": "", "version": "v1", "resource": "services"},
            "name": "frontend",
            "namespace": "tenant-globex",
            "operation": "CREATE",
            "userInfo": {"username": "bob", "groups": ["tenant-globex-admins", "system:authenticated"]},
            "object": {
              "kind": "Service",
              "apiVersion": "v1",
              "metadata": {"name": "frontend", "namespace": "tenant-globex", "creationTimestamp": null},
              "spec": {
                "ports": [{"protocol": "TCP", "port": 80, "targetPort": 8080}],
                "selector": {"app": "frontend"},
                "type": "LoadBalancer"
              },
              "status": {"loadBalancer": {}}
            },
            "oldObject": null,
            "dryRun": false,
            "options": {"kind": "CreateOptions", "apiVersion": "meta.k8s.io/v1"}
          }
        }
        """#

    /// admission.k8s.io/v1beta1 (older API servers, and still what some tools capture): a ConfigMap
    /// whose data holds a multi-line script.
    public static let configMapCreateV1beta1 = #"""
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

    /// Only what a hand-written fixture usually keeps: no requestKind, name, namespace, oldObject, dryRun
    /// or options keys.
    public static let minimal = #"""
        {
          "apiVersion": "admission.k8s.io/v1",
          "kind": "AdmissionReview",
          "request": {
            "uid": "minimal-1",
            "kind": {"group": "", "version": "v1", "kind": "Pod"},
            "resource": {"group": "", "version": "v1", "resource": "pods"},
            "operation": "CREATE",
            "userInfo": {"username": "kubernetes-admin", "groups": ["system:masters", "system:authenticated"]},
            "object": {"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "nginx"}, "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}
          }
        }
        """#

    /// The request object alone, as kwctl-style fixtures store it.
    public static let bareRequest = #"""
        {
          "uid": "1299d386-525b-4032-98ae-1949f69f9cfc",
          "kind": {"group": "rbac.authorization.k8s.io", "version": "v1", "kind": "RoleBinding"},
          "resource": {"group": "rbac.authorization.k8s.io", "version": "v1", "resource": "rolebindings"},
          "requestKind": {"group": "rbac.authorization.k8s.io", "version": "v1", "kind": "RoleBinding"},
          "requestResource": {"group": "rbac.authorization.k8s.io", "version": "v1", "resource": "rolebindings"},
          "name": "ci-deployer",
          "namespace": "tenant-acme",
          "operation": "CREATE",
          "userInfo": {"username": "minikube-user", "groups": ["system:masters", "system:authenticated"]},
          "object": {
            "kind": "RoleBinding",
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "metadata": {"name": "ci-deployer", "namespace": "tenant-acme"},
            "subjects": [{"kind": "ServiceAccount", "name": "deployer", "namespace": "tenant-acme"}],
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"}
          },
          "oldObject": null,
          "dryRun": false,
          "options": {"kind": "CreateOptions", "apiVersion": "meta.k8s.io/v1", "fieldManager": "kubectl-create", "fieldValidation": "Strict"}
        }
        """#

    /// Fields a future API server might add, at both levels, and an operation this code does not know.
    public static let unknownFields = #"""
        {
          "kind": "AdmissionReview",
          "apiVersion": "admission.k8s.io/v1",
          "metadata": {"creationTimestamp": null},
          "futureEnvelopeField": {"nested": [1, 2, {"deep": true}]},
          "request": {
            "uid": "f00dfeed-0000-4000-8000-000000000042",
            "kind": {"group": "example.com", "version": "v1alpha1", "kind": "Widget", "futureKindField": 1},
            "resource": {"group": "example.com", "version": "v1alpha1", "resource": "widgets"},
            "name": "w1",
            "namespace": "tenant-globex",
            "operation": "PATCH",
            "userInfo": {"username": "carol", "groups": ["tenant-globex-admins"], "futureUserField": "x"},
            "object": {"kind": "Widget", "apiVersion": "example.com/v1alpha1", "metadata": {"name": "w1"}, "spec": {"size": 1.50}},
            "oldObject": null,
            "dryRun": false,
            "options": null,
            "futureRequestField": {"traceID": "abc"},
            "requestUserAgent": "kubectl/v1.31.0"
          },
          "response": null
        }
        """#

    /// A custom resource with non-ASCII annotations (CJK, emoji, Arabic, a combining accent, U+2028),
    /// an escaped terminal colour code, and numbers that only survive if kept as text.
    public static let unicodeCustomResource = #"""
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
}
