#include "catalogapiclient.h"
#include "forgedtokens.h"

#include <QRegularExpression>
#include <QtTest>

using namespace testsupport;

namespace {

const QString kCategories = QStringLiteral("/api/v1/categories");

bool isIsoUtcWithMillis(const QJsonValue &value)
{
    static const QRegularExpression format(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"));
    return format.match(value.toString()).hasMatch();
}

} // namespace

// /api/v1/categories: public reads, manager writes, names unique, and a
// category with products cannot be deleted.
class CategoryApiTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiTestServer> m_api;

    QList<QPair<QByteArray, QByteArray>> asManager() { return {{"Authorization", m_api->bearer()}}; }

    HttpReply postCategory(const QString &name, const QJsonValue &description = QJsonValue::Undefined)
    {
        QJsonObject body{{QStringLiteral("name"), name}};
        if (!description.isUndefined())
            body.insert(QStringLiteral("description"), description);
        return m_api->sendJson("POST", kCategories, body, asManager());
    }

    QString createCategory(const QString &name)
    {
        const HttpReply reply = postCategory(name);
        if (reply.status != 201)
            qWarning("creating category %s: %d %s", qPrintable(name), reply.status, reply.body.constData());
        return reply.json().value(QStringLiteral("id")).toString();
    }

    // Error bodies name the problem in the API's terms, never the database's.
    static void verifyNoInternals(const HttpReply &reply)
    {
        const QString leak = problemLeaks(reply);
        QVERIFY2(leak.isEmpty(), qPrintable(leak));
    }

private Q_SLOTS:
    void init()
    {
        m_api = std::make_unique<ApiTestServer>();
        QVERIFY2(m_api->error().isEmpty(), qPrintable(m_api->error()));
    }

    void cleanup() { m_api.reset(); }

    void createAnswers201WithLocationAndTheCategory()
    {
        const HttpReply created = postCategory(QStringLiteral("Coffee"), QStringLiteral("Beans and ground coffee"));
        QCOMPARE(created.status, 201);
        const QJsonObject category = created.json();
        const QString id = category.value(QStringLiteral("id")).toString();
        QVERIFY(!QUuid::fromString(id).isNull());
        QCOMPARE(created.header("Location"), (kCategories + u'/' + id).toUtf8());
        QCOMPARE(category.value(QStringLiteral("name")).toString(), QStringLiteral("Coffee"));
        QCOMPARE(category.value(QStringLiteral("description")).toString(), QStringLiteral("Beans and ground coffee"));
        QVERIFY(isIsoUtcWithMillis(category.value(QStringLiteral("createdAt"))));
        QCOMPARE(category.value(QStringLiteral("createdAt")).toString(),
                 m_api->clock().now().toString(Qt::ISODateWithMs));
        QCOMPARE(category.value(QStringLiteral("updatedAt")), category.value(QStringLiteral("createdAt")));

        const HttpReply fetched = m_api->get(QString::fromUtf8(created.header("Location")));
        QCOMPARE(fetched.status, 200);
        QCOMPARE(fetched.json(), category);
    }

    void listIsPublicAndHoldsEveryCategory()
    {
        createCategory(QStringLiteral("Tea"));
        createCategory(QStringLiteral("Coffee"));
        const HttpReply list = m_api->get(kCategories);
        QCOMPARE(list.status, 200);
        const QJsonArray categories = list.jsonArray();
        QCOMPARE(categories.size(), 2);
        QCOMPARE(categories.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Coffee"));
        QCOMPARE(categories.at(1).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Tea"));
        QVERIFY(categories.at(1).toObject().value(QStringLiteral("description")).isNull());
    }

    void invalidFieldsAre400ListingEveryField()
    {
        const HttpReply both = postCategory(QStringLiteral("   "), QString(1001, u'd'));
        QCOMPARE(both.status, 400);
        verifyNoInternals(both);
        QCOMPARE(errorFields(both), (QStringList{QStringLiteral("name"), QStringLiteral("description")}));
        // The same errors as the Spring platform's map, for clients written for it.
        const QJsonObject byField = both.json().value(QStringLiteral("fieldErrors")).toObject();
        QCOMPARE(byField.keys(), (QStringList{QStringLiteral("description"), QStringLiteral("name")}));
        QCOMPARE(byField.value(QStringLiteral("name")).toString(), QStringLiteral("must not be blank"));
        QCOMPARE(byField.value(QStringLiteral("description")).toString(), QStringLiteral("must be at most 1000 characters"));

        const HttpReply wrongTypes = m_api->sendJson(
            "POST", kCategories, {{QStringLiteral("name"), 5}, {QStringLiteral("description"), QString(1001, u'd')}},
            asManager());
        QCOMPARE(wrongTypes.status, 400);
        QCOMPARE(errorFields(wrongTypes), (QStringList{QStringLiteral("name"), QStringLiteral("description")}));

        QCOMPARE(errorFields(m_api->sendJson("POST", kCategories, {}, asManager())), QStringList{QStringLiteral("name")});
        QCOMPARE(postCategory(QString(101, u'n')).status, 400);
        QCOMPARE(postCategory(QString(100, u'n')).status, 201);
        QCOMPARE(m_api->send("POST", kCategories, "{not json", asManager()).status, 400);
        QCOMPARE(m_api->send("POST", kCategories, "[1]", asManager()).status, 400);
        QCOMPARE(m_api->get(kCategories).jsonArray().size(), 1);
    }

    // The limits count characters, as the database does, not UTF-16 units.
    void aNameOf100EmojiFits()
    {
        const QString tea = QStringLiteral("\U0001F375").repeated(100);
        const HttpReply created = postCategory(tea);
        QCOMPARE(created.status, 201);
        QCOMPARE(created.json().value(QStringLiteral("name")).toString(), tea);
        QCOMPARE(postCategory(tea + QStringLiteral("\U0001F375")).status, 400);
    }

    void duplicateNameIs409()
    {
        createCategory(QStringLiteral("Coffee"));
        const HttpReply duplicate = postCategory(QStringLiteral("Coffee"));
        QCOMPARE(duplicate.status, 409);
        verifyNoInternals(duplicate);

        const QString teaId = createCategory(QStringLiteral("Tea"));
        const HttpReply renamed =
            m_api->sendJson("PUT", kCategories + u'/' + teaId, {{QStringLiteral("name"), QStringLiteral("Coffee")}}, asManager());
        QCOMPARE(renamed.status, 409);
        verifyNoInternals(renamed);
        QCOMPARE(m_api->get(kCategories + u'/' + teaId).json().value(QStringLiteral("name")).toString(), QStringLiteral("Tea"));
    }

    void unknownIdIs404AndMalformedIdIs400()
    {
        const QString unknown = kCategories + u'/' + QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QJsonObject body{{QStringLiteral("name"), QStringLiteral("X")}};
        QCOMPARE(m_api->get(unknown).status, 404);
        QCOMPARE(m_api->sendJson("PUT", unknown, body, asManager()).status, 404);
        QCOMPARE(m_api->send("DELETE", unknown, {}, asManager()).status, 404);

        const QString malformed = kCategories + QStringLiteral("/not-a-uuid");
        const HttpReply get = m_api->get(malformed);
        QCOMPARE(get.status, 400);
        QCOMPARE(errorFields(get), QStringList{QStringLiteral("id")});
        QCOMPARE(m_api->sendJson("PUT", malformed, body, asManager()).status, 400);
        QCOMPARE(m_api->send("DELETE", malformed, {}, asManager()).status, 400);
    }

    void updateChangesOnlyTheFieldsItSets()
    {
        const HttpReply created = postCategory(QStringLiteral("Tea"), QStringLiteral("Leaves"));
        const QString path = QString::fromUtf8(created.header("Location"));
        m_api->clock().advance(60);

        const HttpReply renamed = m_api->sendJson("PUT", path, {{QStringLiteral("name"), QStringLiteral("Green tea")}}, asManager());
        QCOMPARE(renamed.status, 200);
        QCOMPARE(renamed.json().value(QStringLiteral("name")).toString(), QStringLiteral("Green tea"));
        QCOMPARE(renamed.json().value(QStringLiteral("description")).toString(), QStringLiteral("Leaves"));
        QCOMPARE(renamed.json().value(QStringLiteral("updatedAt")).toString(), m_api->clock().now().toString(Qt::ISODateWithMs));

        const HttpReply described = m_api->sendJson(
            "PUT", path, {{QStringLiteral("description"), QStringLiteral("Sencha")}, {QStringLiteral("name"), QJsonValue::Null}},
            asManager());
        QCOMPARE(described.status, 200);
        QCOMPARE(described.json().value(QStringLiteral("name")).toString(), QStringLiteral("Green tea"));
        QCOMPARE(described.json().value(QStringLiteral("description")).toString(), QStringLiteral("Sencha"));
        QCOMPARE(m_api->get(path).json(), described.json());

        // Only what is present is validated: a bad description alone is named alone.
        const HttpReply badDescription =
            m_api->sendJson("PUT", path, {{QStringLiteral("description"), QString(1001, u'd')}}, asManager());
        QCOMPARE(badDescription.status, 400);
        QCOMPARE(errorFields(badDescription), QStringList{QStringLiteral("description")});

        // A body that changes nothing is refused, and so is one with nothing but unknown fields.
        for (const QJsonObject &body : {QJsonObject(), QJsonObject{{QStringLiteral("colour"), QStringLiteral("green")}},
                                        QJsonObject{{QStringLiteral("name"), QJsonValue::Null}}}) {
            const HttpReply empty = m_api->sendJson("PUT", path, body, asManager());
            QCOMPARE(empty.status, 400);
            QCOMPARE(errorFields(empty), QStringList{QStringLiteral("body")});
            verifyNoInternals(empty);
        }
        QCOMPARE(m_api->get(path).json(), described.json());
    }

    void updateReplacesNameAndDescriptionAndStampsUpdatedAt()
    {
        const HttpReply created = postCategory(QStringLiteral("Cofee"), QStringLiteral("typo"));
        const QString path = QString::fromUtf8(created.header("Location"));
        m_api->clock().advance(60);

        const HttpReply updated = m_api->sendJson(
            "PUT", path, {{QStringLiteral("name"), QStringLiteral("Coffee")}, {QStringLiteral("description"), QStringLiteral("Beans")}},
            asManager());
        QCOMPARE(updated.status, 200);
        const QJsonObject category = updated.json();
        QCOMPARE(category.value(QStringLiteral("name")).toString(), QStringLiteral("Coffee"));
        QCOMPARE(category.value(QStringLiteral("description")).toString(), QStringLiteral("Beans"));
        QCOMPARE(category.value(QStringLiteral("createdAt")), created.json().value(QStringLiteral("createdAt")));
        QCOMPARE(category.value(QStringLiteral("updatedAt")).toString(), m_api->clock().now().toString(Qt::ISODateWithMs));
        QCOMPARE(m_api->get(path).json(), category);

        const HttpReply invalid = m_api->sendJson("PUT", path, {{QStringLiteral("name"), QString()}}, asManager());
        QCOMPARE(invalid.status, 400);
        QCOMPARE(errorFields(invalid), QStringList{QStringLiteral("name")});
    }

    void deleteAnswers204AndTheCategoryIsGone()
    {
        const QString id = createCategory(QStringLiteral("Seasonal"));
        const HttpReply deleted = m_api->send("DELETE", kCategories + u'/' + id, {}, asManager());
        QCOMPARE(deleted.status, 204);
        QVERIFY(deleted.body.isEmpty());
        QCOMPARE(m_api->get(kCategories + u'/' + id).status, 404);
        QCOMPARE(m_api->send("DELETE", kCategories + u'/' + id, {}, asManager()).status, 404);
    }

    void deletingACategoryWithProductsIs409EvenWhenTheyAreInactive()
    {
        const QString id = createCategory(QStringLiteral("Coffee"));
        const HttpReply product = m_api->sendJson(
            "POST", QStringLiteral("/api/v1/products"),
            {{QStringLiteral("sku"), QStringLiteral("COF-1")}, {QStringLiteral("name"), QStringLiteral("Beans")},
             {QStringLiteral("price"), 8.99}, {QStringLiteral("inventoryQuantity"), 3}, {QStringLiteral("categoryId"), id}},
            asManager());
        QCOMPARE(product.status, 201);

        const HttpReply refused = m_api->send("DELETE", kCategories + u'/' + id, {}, asManager());
        QCOMPARE(refused.status, 409);
        verifyNoInternals(refused);

        QCOMPARE(m_api->send("DELETE", QString::fromUtf8(product.header("Location")), {}, asManager()).status, 204);
        QCOMPARE(m_api->send("DELETE", kCategories + u'/' + id, {}, asManager()).status, 409);
        QCOMPARE(m_api->get(kCategories + u'/' + id).status, 200);
    }

    // Control for the forged tokens below: built the same way but signed with
    // the test server's secret, the token works, so a 401 there is the signature's.
    void aHandMadeTokenWithTheServersSecretIsAccepted()
    {
        // Its account exists and is active: the guard checks that too.
        QVERIFY(m_api->addUser(QStringLiteral("intruder"), QStringLiteral("manager"), "intruder-password"));
        const QByteArray token = bearerSignedWith("test-secret-of-at-least-32-bytes-long", m_api->clock().now());
        QCOMPARE(m_api->sendJson("POST", kCategories, {{QStringLiteral("name"), QStringLiteral("Tea")}}, {{"Authorization", token}}).status,
                 201);
    }

    void managerCallsRefuseMissingBadAndNonManagerTokens_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("token");
        QTest::addColumn<int>("status");

        for (const QByteArray &method : {QByteArray("POST"), QByteArray("PUT"), QByteArray("DELETE")}) {
            const char *m = method.constData();
            QTest::addRow("%s without token", m) << method << QStringLiteral("none") << 401;
            QTest::addRow("%s malformed", m) << method << QStringLiteral("malformed") << 401;
            QTest::addRow("%s other secret", m) << method << QStringLiteral("other-secret") << 401;
            QTest::addRow("%s alg none", m) << method << QStringLiteral("alg-none") << 401;
            QTest::addRow("%s expired", m) << method << QStringLiteral("expired") << 401;
            QTest::addRow("%s customer", m) << method << QStringLiteral("customer") << 403;
            QTest::addRow("%s cashier", m) << method << QStringLiteral("cashier") << 403;
        }
    }

    void managerCallsRefuseMissingBadAndNonManagerTokens()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, token);
        QFETCH(int, status);

        const QString id = createCategory(QStringLiteral("Coffee"));
        QList<QPair<QByteArray, QByteArray>> headers;
        const QDateTime now = m_api->clock().now();
        if (token == u"malformed")
            headers = {{"Authorization", "Bearer not.a.token"}};
        else if (token == u"other-secret")
            headers = {{"Authorization", bearerSignedWithOtherSecret(now)}};
        else if (token == u"alg-none")
            headers = {{"Authorization", bearerWithAlgNone(now)}};
        else if (token == u"customer")
            headers = {{"Authorization", m_api->bearer(QStringLiteral("CUSTOMER"))}};
        else if (token == u"cashier")
            headers = {{"Authorization", m_api->bearer(QStringLiteral("CASHIER"))}};
        else if (token == u"expired") {
            headers = {{"Authorization", m_api->bearer()}};
            m_api->clock().advance(16 * 60);
        }

        const QString path = method == "POST" ? kCategories : kCategories + u'/' + id;
        const HttpReply reply = m_api->sendJson(method, path, {{QStringLiteral("name"), QStringLiteral("Tea")}}, headers);
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.header("Content-Type"), QByteArray("application/problem+json"));

        // Nothing changed.
        const QJsonArray categories = m_api->get(kCategories).jsonArray();
        QCOMPARE(categories.size(), 1);
        QCOMPARE(categories.first().toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Coffee"));
    }
};

QTEST_GUILESS_MAIN(CategoryApiTest)
#include "tst_categoryapi.moc"
