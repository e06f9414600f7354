"""Web server configuration for a published site: the content negotiation ``serve`` does, for nginx and Apache.

Both follow ``serve``: a resource's IRI (a folder of the site) answers
303 See Other with the document its ``Accept`` asks for, ``index.html`` for a
browser, ``index.ttl`` for ``text/turtle``, ``index.jsonld`` for
``application/ld+json`` (a plain match on the header: the first of HTML,
Turtle and JSON-LD it names; ``serve`` weighs q-values), and the documents
are served with their media types.
"""

from __future__ import annotations

NGINX = r"""# kommunegraf site: content negotiation for the resource IRIs (nginx).
# The map goes in the http { } block; the locations in the server { } block whose root is the site's folder.

map $http_accept $kommunegraf_document {
    default                   index.html;
    "~*text/html"             index.html;
    "~*text/turtle"           index.ttl;
    "~*application/ld\+json"  index.jsonld;
}

server {
    # listen, server_name ...
    root /srv/kommunegraf-site;   # this folder
    index index.html;

    location ~ "\.ttl$"    { types { } default_type "text/turtle; charset=utf-8"; }
    location ~ "\.jsonld$" { types { } default_type "application/ld+json"; }

    # A resource IRI is a folder of the site: 303 See Other to the document Accept asks for.
    location ~ "^(?<kommunegraf_path>/.*[^/])$" {
        if (-d $request_filename) {
            add_header Vary Accept always;
            return 303 $kommunegraf_path/$kommunegraf_document;
        }
        try_files $uri =404;
    }
}
"""

HTACCESS = r"""# kommunegraf site: content negotiation for the resource IRIs (Apache 2.4, mod_rewrite and mod_headers).
# Put this file in the site's folder (it is there as .htaccess) with AllowOverride FileInfo Indexes;
# MultiViews (Apache's own negotiation) stays off, as it is unless the server's configuration turns it on.

AddType "text/html; charset=utf-8" .html
AddType "text/turtle; charset=utf-8" .ttl
AddType application/ld+json .jsonld
DirectoryIndex index.html

RewriteEngine On
# A resource IRI is a folder of the site: 303 See Other to the document Accept asks for.
RewriteCond %{REQUEST_FILENAME} -d
RewriteCond %{REQUEST_FILENAME}/index.html -f
RewriteCond %{HTTP_ACCEPT} !text/html [NC]
RewriteCond %{HTTP_ACCEPT} text/turtle [NC]
RewriteRule [^/]$ %{REQUEST_URI}/index.ttl [R=303,L]

RewriteCond %{REQUEST_FILENAME} -d
RewriteCond %{REQUEST_FILENAME}/index.html -f
RewriteCond %{HTTP_ACCEPT} !text/html [NC]
RewriteCond %{HTTP_ACCEPT} application/ld\+json [NC]
RewriteRule [^/]$ %{REQUEST_URI}/index.jsonld [R=303,L]

RewriteCond %{REQUEST_FILENAME} -d
RewriteCond %{REQUEST_FILENAME}/index.html -f
RewriteRule [^/]$ %{REQUEST_URI}/index.html [R=303,L]

Header always merge Vary Accept
"""
