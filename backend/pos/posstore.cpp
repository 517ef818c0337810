#include "posstore.h"

namespace shop {

namespace {

// Contact details of the till itself; the order API requires some.
const QString kStoreEmail = QStringLiteral("till@store.example");
const QString kStorePhone = QStringLiteral("+10000000000");
const QString kInStore = QStringLiteral("In store");

} // namespace

CustomerInfo walkInCustomer(const PosStore &store)
{
    CustomerInfo customer;
    customer.name = store.shopName.left(200);
    customer.email = kStoreEmail;
    customer.phone = kStorePhone;
    // The configured address is one line; the whole of it is the street.
    customer.shippingAddress.street = store.shopAddress.isEmpty() ? kInStore : store.shopAddress.left(200);
    customer.shippingAddress.city = kInStore;
    customer.shippingAddress.state = kInStore;
    customer.shippingAddress.postalCode = QStringLiteral("0");
    customer.shippingAddress.country = kInStore;
    return customer;
}

} // namespace shop
