#include "ui/common/backgroundtask.h"
#include "guitestenvironment.h"
#include "ui/common/logindialog.h"
#include "ui/manager/categorydialog.h"
#include "ui/manager/orderdialogs.h"
#include "ui/manager/productdialog.h"
#include "ui/manager/staffaccountdialog.h"
#include "ui/manager/stockadjustmentdialog.h"

#include <QLabel>
#include <QLineEdit>
#include <QTextDocument>
#include <QtTest>

using namespace shop;

namespace {

// Whether text (plain, as a QLabel shows it) has a mnemonic: an & before a
// character, other than the && that stands for a literal &.
bool hasMnemonic(const QString &text)
{
    if (Qt::mightBeRichText(text))
        return false; // rich text has no mnemonics; & there is an entity
    const QString withoutLiterals = QString(text).remove(QStringLiteral("&&"));
    const qsizetype at = withoutLiterals.indexOf(u'&');
    return at >= 0 && at + 1 < withoutLiterals.size() && !withoutLiterals.at(at + 1).isSpace();
}

// Labels under root whose mnemonic shows as a literal "&" or leads nowhere:
// no buddy, or a buddy (through its focus proxies) that takes no focus.
QStringList labelsWithoutWorkingBuddy(const QWidget &root)
{
    QStringList broken;
    for (const QLabel *label : root.findChildren<QLabel *>()) {
        if (!hasMnemonic(label->text()))
            continue;
        const QWidget *target = label->buddy();
        while (target && target->focusProxy())
            target = target->focusProxy();
        if (!target || target->focusPolicy() == Qt::NoFocus)
            broken.append(QStringLiteral("%1: \"%2\"").arg(QString::fromLatin1(root.metaObject()->className()), label->text()));
    }
    return broken;
}

} // namespace

// Every dialog and screen of the desktop front ends: a label with a
// mnemonic (&Name:) has a buddy that takes the focus, so Alt+N works and the
// & never shows.
class MnemonicsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void theCheckFindsALabelWithoutABuddy()
    {
        QWidget root;
        auto *orphan = new QLabel(QStringLiteral("&Orphan:"), &root);
        auto *plain = new QLabel(QStringLiteral("Fish && chips"), &root);
        Q_UNUSED(plain);
        QCOMPARE(labelsWithoutWorkingBuddy(root).size(), 1);
        auto *unfocusable = new QWidget(&root);
        orphan->setBuddy(unfocusable);
        QCOMPARE(labelsWithoutWorkingBuddy(root).size(), 1);
        orphan->setBuddy(new QLineEdit(&root));
        QVERIFY(labelsWithoutWorkingBuddy(root).isEmpty());
    }

    void everyMnemonicLabelHasAWorkingBuddy()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        const Principal manager{QStringLiteral("mona"), {QStringLiteral("MANAGER")}};
        Product product;
        product.sku = QStringLiteral("LAMP-1");
        product.name = QStringLiteral("Lamp");

        std::vector<std::unique_ptr<QWidget>> screens;
        screens.push_back(std::make_unique<ManagerWindow>(QString(), environment.managerServices(), manager));
        screens.push_back(std::make_unique<LoginDialog>(environment.auth(), environment.tokens()));
        screens.push_back(std::make_unique<ProductDialog>(environment.catalog(), QList<Category>(), std::nullopt));
        screens.push_back(std::make_unique<ProductDialog>(environment.catalog(), QList<Category>(), product));
        screens.push_back(std::make_unique<CategoryDialog>(environment.catalog(), std::nullopt));
        screens.push_back(std::make_unique<StockAdjustmentDialog>(environment.catalog(), product, manager.username));
        screens.push_back(std::make_unique<CancelOrderDialog>(QStringLiteral("SO-1")));
        screens.push_back(std::make_unique<FulfillOrderDialog>(QStringLiteral("SO-1")));
        screens.push_back(std::make_unique<StaffAccountDialog>(environment.users(), std::nullopt));
        screens.push_back(std::make_unique<StaffAccountDialog>(environment.users(), QStringLiteral("carl")));

        QStringList broken;
        int checked = 0;
        for (const auto &screen : screens) {
            for (const QLabel *label : screen->findChildren<QLabel *>())
                checked += hasMnemonic(label->text()) ? 1 : 0;
            broken += labelsWithoutWorkingBuddy(*screen);
        }
        QVERIFY2(broken.isEmpty(), qPrintable(broken.join(u'\n')));
        QVERIFY(checked >= 15); // the walk did reach the forms
        screens.clear();
        shop::backgroundPool().waitForDone();
    }
};

QTEST_MAIN(MnemonicsTest)
#include "tst_mnemonics.moc"
