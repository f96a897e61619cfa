// libxml2 for the XLSX reader and the HTML structure tests.
// Debian builds libxml2 with ICU; its <unicode/*.h> clash with the toolchain's _FoundationICU module when Foundation
// is imported in the same target. We never touch the ICU-only fields, so hide them (swift-ecosystem.md §4).
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

// xmlFree is a global function-pointer variable, which Swift 6 refuses to touch; wrap it.
static inline void cxml_free(void *p) { xmlFree(p); }
