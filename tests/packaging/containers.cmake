# The server image (packaging/container) and the Kubernetes manifests
# (packaging/k8s) under podman; label packaging. Each builds the image from
# the shop-server package of build-server/ (SHOP_BUILD_GUI=OFF, compiled on
# first use) and skips (77) only when podman cannot be installed.
foreach(script image kube)
    add_test(NAME packaging_${script} COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/${script}.sh)
    set_tests_properties(packaging_${script} PROPERTIES
        LABELS packaging RUN_SERIAL TRUE TIMEOUT 900 SKIP_RETURN_CODE 77)
endforeach()
