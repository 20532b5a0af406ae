/**
 * The phrases Decap's Spanish locale (decap-cms-locales 3) lacks and would show in English; main.ts merges them in,
 * and test/cms/decap-locale.test.ts checks that every English phrase has a Spanish one.
 */
export const decapSpanish = {
  auth: {
    loginWithAzure: 'Iniciar sesión con Azure',
    loginWithForgejo: 'Iniciar sesión con Forgejo',
  },
  collection: {
    sidebar: {
      allCollections: 'Todas las colecciones',
      searchIn: 'Buscar en',
    },
    collectionTop: {
      viewAsList: 'Ver como lista',
      viewAsGrid: 'Ver como cuadrícula',
      searchResults: 'Resultados de la búsqueda de «%{searchTerm}»',
      searchResultsInCollection: 'Resultados de la búsqueda de «%{searchTerm}» en %{collection}',
      filterBy: 'Filtrar por',
      groupBy: 'Agrupar por',
    },
    entries: {
      unpublishedHeader: 'Entradas sin publicar',
    },
    groups: {
      other: 'Otros',
      negateLabel: 'No %{label}',
    },
  },
  editor: {
    editorControl: {
      field: {
        widgetLabel: 'Campo %{widgetLabel}',
      },
    },
    editorControlPane: {
      widget: {
        invalidPath: '«%{path}» no es una ruta válida',
        pathExists: 'La ruta «%{path}» ya existe',
      },
      i18n: {
        writingInLocale: 'Escribiendo en %{locale}',
        copyFromLocale: 'Rellenar desde otro idioma',
        copyFromLocaleConfirm: '¿Rellenar con los datos del idioma %{locale}?\nSe sustituirá todo lo que haya escrito.',
      },
    },
    editorInterface: {
      toggleI18n: 'Mostrar u ocultar el otro idioma',
      togglePreview: 'Mostrar u ocultar la vista previa',
      toggleScrollSync: 'Desplazar los dos paneles a la vez',
      toggleNotes: 'Mostrar u ocultar las notas',
    },
    editorNotesPane: {
      title: 'Notas',
      emptyState: 'Aún no hay notas. Añada la primera aquí debajo.',
      addNote: 'Añadir nota',
      addPlaceholder: 'Añada una nota…',
      editPlaceholder: 'Edite la nota…',
      save: 'Guardar',
      cancel: 'Cancelar',
      edit: 'Editar',
      delete: 'Eliminar',
      resolve: 'Resolver',
      unresolve: 'Reabrir',
      confirmDelete: '¿Seguro que quiere eliminar esta nota?',
      shortcut: 'Consejo: pulse Ctrl+Intro para añadir la nota',
    },
    editorToolbar: {
      statusInfoTooltipDraft: 'La entrada es un borrador. Para terminarla y enviarla a revisión, cambie su estado a «En revisión»',
      statusInfoTooltipInReview: 'La entrada está en revisión; no hace falta hacer nada más, aunque aún puede cambiarla.',
    },
    editorWidgets: {
      markdown: {
        bold: 'Negrita',
        italic: 'Cursiva',
        strikethrough: 'Tachado',
        code: 'Código',
        link: 'Enlace',
        linkPrompt: 'Escriba la dirección (URL) del enlace',
        headings: 'Títulos',
        quote: 'Cita',
        bulletedList: 'Lista con viñetas',
        numberedList: 'Lista numerada',
        addComponent: 'Añadir componente',
        toggleMode: {
          rich: 'Cambiar a texto con formato',
          markdown: 'Cambiar a Markdown',
        },
      },
      image: {
        chooseMultiple: 'Elegir imágenes',
        chooseUrl: 'Insertar desde una URL',
        replaceUrl: 'Sustituir por una URL',
        promptUrl: 'Escriba la dirección (URL) de la imagen',
        addMore: 'Añadir más imágenes',
        removeAll: 'Quitar todas las imágenes',
      },
      file: {
        chooseUrl: 'Insertar desde una URL',
        chooseMultiple: 'Elegir archivos',
        replaceUrl: 'Sustituir por una URL',
        promptUrl: 'Escriba la dirección (URL) del archivo',
        addMore: 'Añadir más archivos',
        removeAll: 'Quitar todos los archivos',
      },
      datetime: {
        setToNow: 'Poner %{fieldLabel} en este momento',
      },
      list: {
        add: 'Añadir %{item}',
        addType: 'Añadir %{item}',
      },
      object: {
        expand: 'Desplegar',
        collapse: 'Plegar',
      },
    },
  },
  mediaLibrary: {
    mediaLibraryCard: {
      copy: 'Copiar',
      copyUrl: 'Copiar la URL',
      copyPath: 'Copiar la ruta',
      copyName: 'Copiar el nombre',
      copied: 'Copiado',
    },
    mediaLibraryModal: {
      close: 'Cerrar',
    },
  },
  ui: {
    settingsDropdown: {
      account: 'Opciones de la cuenta',
    },
    toast: {
      noteAdded: 'Nota añadida',
      onFailToAddNote: 'No se pudo añadir la nota: %{details}',
      noteUpdated: 'Nota actualizada',
      onFailToUpdateNote: 'No se pudo actualizar la nota: %{details}',
      noteDeleted: 'Nota eliminada',
      onFailToDeleteNote: 'No se pudo eliminar la nota: %{details}',
      noteResolved: 'Nota resuelta',
      noteReopened: 'Nota reabierta',
      onFailToToggleNote: 'No se pudo cambiar el estado de la nota: %{details}',
      onLoggedOut: 'Se ha cerrado la sesión: guarde una copia de lo que esté escribiendo y vuelva a entrar',
      onBackendDown: 'El servicio no está disponible en este momento. Más información en %{details}',
    },
  },
};

type Phrases = { [key: string]: string | Phrases };

/** `base` with the phrases of `extra` that it lacks, deeply: where both have one, `base`'s stays. */
export function withPhrases(base: Phrases, extra: Phrases): Phrases {
  const merged: Phrases = { ...extra, ...base };
  for (const [key, value] of Object.entries(extra)) {
    const own = base[key];
    if (typeof value === 'object' && typeof own === 'object') merged[key] = withPhrases(own, value);
  }
  return merged;
}
